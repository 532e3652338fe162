import type { Collection } from "../../storage/store.ts";
import { hashCode, newReceiptCode, newShortId, normalizeCode } from "./codes.ts";
import { isSealed, TRANSITIONS, type Author, type CategoryId, type ReportContent, type ReportStatus, type StoredReport, type StoredThreadMessage, type ThreadText } from "./model.ts";
import type { Sealer } from "./seal.ts";
import { wibDay } from "../pledge/time.ts";

/** A stored part as its reader gets it: the value, or the fact that it is sealed. */
export type Readable<T> = { sealed: false; value: T } | { sealed: true };

/** A thread message as the bot can show it. */
export type ThreadEntry = { from: Author; at: string; message: Readable<ThreadText> };

/** Why a status change was refused: the report is gone, or the button was stale. */
export type StatusChange = { ok: true; report: StoredReport } | { ok: false; problem: "not_found" | "not_allowed"; current?: ReportStatus };

const DAY_MS = 24 * 3600_000;

/**
 * The reports in storage. Times are kept as the WIB day only: a time to the minute, matched with
 * who was online or near a place then, could point to the reporter. Receipt codes are kept only as keyed hashes; with a `Sealer`, what the
 * reporter and reviewers wrote is sealed before it is written, so the bot itself cannot read it
 * back. Every write replaces the record, so the store rewrites the file and deletions are real.
 */
export class ReportRepository {
  constructor(
    private readonly reports: Collection<StoredReport>,
    private readonly pepper: Uint8Array,
    private readonly now: () => Date,
    private readonly sealer?: Sealer,
  ) {}

  /** Whether stored content is sealed (the bot cannot read it back). */
  get sealing(): boolean {
    return this.sealer !== undefined;
  }

  #protect<T extends object>(value: T): T | { sealed: string } {
    return this.sealer ? { sealed: this.sealer.seal(value) } : value;
  }

  #today(): string {
    return wibDay(this.now());
  }

  #freshId(): string {
    for (;;) {
      const id = newShortId();
      if (!this.reports.has(id)) return id;
    }
  }

  #save(report: StoredReport): StoredReport {
    this.reports.set(report.id, report);
    return report;
  }

  /** Stores a new report; the receipt code is returned once and exists nowhere else afterwards. */
  create(category: CategoryId, content: ReportContent): { report: StoredReport; code: string } {
    const code = newReceiptCode();
    const at = this.#today();
    const report = this.#save({
      id: this.#freshId(),
      codeHash: hashCode(code, this.pepper),
      category,
      status: "baru",
      createdAt: at,
      updatedAt: at,
      content: this.#protect(content),
      thread: [],
      reviewerMessageIds: [],
      rejectPromptIds: [],
    });
    return { report, code };
  }

  /** The report a receipt code opens, or undefined (also for input that cannot be a code). */
  findByCode(input: string): StoredReport | undefined {
    const code = normalizeCode(input);
    if (!code) return undefined;
    const hash = hashCode(code, this.pepper);
    return this.reports.values().find((r) => r.codeHash === hash);
  }

  get(id: string): StoredReport | undefined {
    return this.reports.get(id);
  }

  /** Every stored report, newest first. */
  list(): StoredReport[] {
    return this.reports.values().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The report a reviewer-chat message belongs to, and whether it was a rejection prompt. */
  byReviewerMessage(messageId: number): { report: StoredReport; rejectPrompt: boolean } | undefined {
    for (const report of this.reports.values()) {
      if (report.rejectPromptIds.includes(messageId)) return { report, rejectPrompt: true };
      if (report.reviewerMessageIds.includes(messageId)) return { report, rejectPrompt: false };
    }
    return undefined;
  }

  /** Remembers reviewer-chat messages of a report, so replies to them reach its thread. */
  linkReviewerMessages(id: string, messageIds: number[]): void {
    const report = this.reports.get(id);
    if (report && messageIds.length) this.#save({ ...report, reviewerMessageIds: [...report.reviewerMessageIds, ...messageIds] });
  }

  /** Remembers the prompt whose reply gives the rejection reason. */
  linkRejectPrompt(id: string, messageId: number): void {
    const report = this.reports.get(id);
    if (report) this.#save({ ...report, rejectPromptIds: [...report.rejectPromptIds, messageId] });
  }

  /** Takes back a report that could not be stored durably (the reporter was told it was not sent). */
  remove(id: string): void {
    this.reports.delete(id);
  }

  /** Puts a report back as it was (a change that could not be stored durably is undone). */
  restore(report: StoredReport): void {
    this.#save(report);
  }

  /** Moves a report along `TRANSITIONS`; a stale button gets `not_allowed` with the current status. */
  setStatus(id: string, status: ReportStatus): StatusChange {
    const report = this.reports.get(id);
    if (!report) return { ok: false, problem: "not_found" };
    if (!TRANSITIONS[report.status].includes(status)) return { ok: false, problem: "not_allowed", current: report.status };
    return { ok: true, report: this.#save({ ...report, status, updatedAt: this.#today() }) };
  }

  /** Adds a follow-up message (sealed when sealing) to a report's thread. */
  appendThread(id: string, from: Author, message: ThreadText): StoredReport | undefined {
    const report = this.reports.get(id);
    if (!report) return undefined;
    const at = this.#today();
    const entry: StoredThreadMessage = { from, at, ...this.#protect(message) };
    return this.#save({ ...report, updatedAt: at, thread: [...report.thread, entry] });
  }

  /** The report's content, if the bot can read it. */
  readContent(report: StoredReport): Readable<ReportContent> {
    return isSealed(report.content) ? { sealed: true } : { sealed: false, value: report.content };
  }

  /** The thread as the bot can show it. */
  readThread(report: StoredReport): ThreadEntry[] {
    return report.thread.map((m) => ({ from: m.from, at: m.at, message: "sealed" in m ? { sealed: true } : { sealed: false, value: { text: m.text, evidence: m.evidence } } }));
  }

  /** Deletes reports created more than `retentionDays` ago; returns those that went. */
  purge(retentionDays: number): StoredReport[] {
    const cutoff = this.now().getTime() - retentionDays * DAY_MS;
    return this.reports.entries().flatMap(([id, report]) => (Date.parse(report.createdAt) <= cutoff && this.reports.delete(id) ? [report] : []));
  }
}
