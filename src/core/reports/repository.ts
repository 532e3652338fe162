import type { Records } from "../../storage/shared-store.ts";
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
    private readonly reports: Records<StoredReport>,
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


  /** Stores a new report; the receipt code is returned once and exists nowhere else afterwards. */
  async create(category: CategoryId, content: ReportContent): Promise<{ report: StoredReport; code: string }> {
    const code = newReceiptCode();
    const at = this.#today();
    const report: StoredReport = {
      id: newShortId(),
      codeHash: hashCode(code, this.pepper),
      category,
      status: "baru",
      createdAt: at,
      updatedAt: at,
      content: this.#protect(content),
      thread: [],
      reviewerMessageIds: [],
      rejectPromptIds: [],
    };
    // A taken id (another instance may have just used it) is simply drawn again.
    while (!(await this.reports.insert(report.id, report))) report.id = newShortId();
    return { report, code };
  }

  /** The report a receipt code opens, or undefined (also for input that cannot be a code). */
  async findByCode(input: string): Promise<StoredReport | undefined> {
    const code = normalizeCode(input);
    if (!code) return undefined;
    const hash = hashCode(code, this.pepper);
    return (await this.#all()).find((r) => r.codeHash === hash);
  }

  get(id: string): Promise<StoredReport | undefined> {
    return this.reports.get(id);
  }

  /** Every stored report, newest first. */
  async list(): Promise<StoredReport[]> {
    return (await this.#all()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async #all(): Promise<StoredReport[]> {
    return (await this.reports.list()).map(([, report]) => report);
  }

  /** The report a reviewer-chat message belongs to, and whether it was a rejection prompt. */
  async byReviewerMessage(messageId: number): Promise<{ report: StoredReport; rejectPrompt: boolean } | undefined> {
    for (const report of await this.#all()) {
      if (report.rejectPromptIds.includes(messageId)) return { report, rejectPrompt: true };
      if (report.reviewerMessageIds.includes(messageId)) return { report, rejectPrompt: false };
    }
    return undefined;
  }

  /** Remembers reviewer-chat messages of a report, so replies to them reach its thread. */
  async linkReviewerMessages(id: string, messageIds: number[]): Promise<void> {
    if (messageIds.length) await this.reports.update(id, (report) => report && { ...report, reviewerMessageIds: [...report.reviewerMessageIds, ...messageIds] });
  }

  /** Remembers the prompt whose reply gives the rejection reason. */
  async linkRejectPrompt(id: string, messageId: number): Promise<void> {
    await this.reports.update(id, (report) => report && { ...report, rejectPromptIds: [...report.rejectPromptIds, messageId] });
  }

  /** Takes back a report that could not be stored durably (the reporter was told it was not sent). */
  async remove(id: string): Promise<void> {
    await this.reports.delete(id);
  }

  /** Puts a report back as it was (a change that could not be stored durably is undone). */
  async restore(report: StoredReport): Promise<void> {
    await this.reports.set(report.id, report);
  }

  /** Moves a report along `TRANSITIONS`; a stale button gets `not_allowed` with the current status. */
  async setStatus(id: string, status: ReportStatus): Promise<StatusChange> {
    const { value: report, changed } = await this.reports.update(id, (report) => (report && TRANSITIONS[report.status].includes(status) ? { ...report, status, updatedAt: this.#today() } : undefined));
    if (!report) return { ok: false, problem: "not_found" };
    return changed ? { ok: true, report } : { ok: false, problem: "not_allowed", current: report.status };
  }

  /** Adds a follow-up message (sealed when sealing) to a report's thread. */
  async appendThread(id: string, from: Author, message: ThreadText): Promise<StoredReport | undefined> {
    const at = this.#today();
    const entry: StoredThreadMessage = { from, at, ...this.#protect(message) };
    const { value, changed } = await this.reports.update(id, (report) => report && { ...report, updatedAt: at, thread: [...report.thread, entry] });
    return changed ? value : undefined;
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
  async purge(retentionDays: number): Promise<StoredReport[]> {
    const cutoff = this.now().getTime() - retentionDays * DAY_MS;
    const purged: StoredReport[] = [];
    for (const [id, report] of await this.reports.list()) if (Date.parse(report.createdAt) <= cutoff && (await this.reports.delete(id))) purged.push(report);
    return purged;
  }
}
