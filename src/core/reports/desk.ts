import { randomInt } from "node:crypto";
import type { Store } from "../../storage/store.ts";
import { AnonymousKeys, newHashKey } from "./codes.ts";
import { DRAFT_TTL_MS, type CopySource, type Draft } from "./draft.ts";
import type { CategoryId, Evidence, ReportContent, StoredReport, ThreadText } from "./model.ts";
import { RateLimiter } from "./limiter.ts";
import { ReportRepository } from "./repository.ts";
import { sodium } from "./sodium.ts";
import { Sealer } from "./seal.ts";
import { Sessions } from "./sessions.ts";

/** Reports one person may send per hour: enough for a real witness, a brake on flooding. */
export const REPORTS_PER_HOUR = 3;

/** Wrong receipt codes tolerated per person in `CODE_WINDOW_MS` before `/cek` pauses. */
export const CODE_FAILURES = 5;
export const CODE_WINDOW_MS = 15 * 60_000;

/**
 * A new report reaches the reviewer chat after a random delay in this range, so the message's
 * time there does not tell when the reporter pressed "Kirim" (and who was online then).
 */
export const RELAY_DELAY_MS = { min: 20_000, max: 90_000 } as const;

/** How often drafts are swept and how often old reports are purged. */
const SWEEP_MS = 60_000;
const PURGE_MS = 3600_000;

/** A message for a report's thread, as received: its text, its medium, where to copy it from. */
export type FollowUp = { text: string; evidence?: Evidence; source?: CopySource };

/**
 * A reporter's conversation with the bot, one at a time: writing a report, asked for a receipt
 * code, reading a report opened with its code (`thread`), writing a follow-up to it (`reply`), or
 * asked whether a message typed while reading is a follow-up (`unsure`).
 */
export type Conversation =
  | Draft
  | { kind: "code" }
  | { kind: "thread"; reportId: string }
  | { kind: "reply"; reportId: string }
  | { kind: "unsure"; reportId: string; followUp: FollowUp };

export type ReportDeskOptions = {
  store: Store;
  now: () => Date;
  /** `REPORT_PUBLIC_KEY`: when set, report content is sealed before it is stored. */
  publicKey?: string;
  retentionDays: number;
  /** How long to hold a new report before relaying it; random in `RELAY_DELAY_MS` unless injected (tests). */
  relayDelayMs?: () => number;
  /** Told which reports the retention purge deleted, to remove their copies in the reviewer chat. */
  onPurged?: (reports: StoredReport[]) => void;
};

/**
 * Everything the report features share: the stored reports and the in-memory, identity-free
 * state (conversations and counters keyed by salted hashes that die with the process).
 */
export class ReportDesk {
  readonly repository: ReportRepository;
  readonly anonymous = new AnonymousKeys();
  readonly conversations: Sessions<Conversation>;
  readonly submissions: RateLimiter;
  readonly codeFailures: RateLimiter;
  readonly retentionDays: number;
  readonly relayDelayMs: () => number;
  readonly #store: Store;
  readonly #onPurged: ((reports: StoredReport[]) => void) | undefined;

  constructor(options: ReportDeskOptions) {
    const { store, now } = options;
    this.#store = store;
    this.#onPurged = options.onPurged;
    this.relayDelayMs = options.relayDelayMs ?? (() => randomInt(RELAY_DELAY_MS.min, RELAY_DELAY_MS.max));
    this.repository = new ReportRepository(store.collection("reports"), pepper(store), now, options.publicKey ? new Sealer(options.publicKey) : undefined);
    this.conversations = new Sessions<Conversation>(DRAFT_TTL_MS, now);
    this.submissions = new RateLimiter(REPORTS_PER_HOUR, 3600_000, now);
    this.codeFailures = new RateLimiter(CODE_FAILURES, CODE_WINDOW_MS, now);
    this.retentionDays = options.retentionDays;
  }

  /**
   * Stores a new report and waits until it is on disk: the receipt code may be shown only then
   * (a crash right after "Kirim" must not lose an acknowledged report). If it cannot be written
   * (disk full), the report is taken back and the `StorageError` thrown, so the reporter can
   * press "Kirim" again.
   */
  file(category: CategoryId, content: ReportContent): Promise<{ report: StoredReport; code: string }> {
    return this.#durably(
      () => this.repository.create(category, content),
      (filed) => this.repository.remove(filed.report.id),
    );
  }

  /**
   * Adds the reporter's follow-up to a report's thread and waits until it is on disk, so "saved"
   * is said only of what is saved; on a failed write it is taken back and the error thrown.
   * Undefined when the report no longer exists.
   */
  async addFollowUp(id: string, message: ThreadText): Promise<StoredReport | undefined> {
    const before = this.repository.get(id);
    if (!before) return undefined;
    return this.#durably(
      () => this.repository.appendThread(id, "pelapor", message),
      () => this.repository.restore(before),
    );
  }

  /** Makes a change, then waits for the disk; a failed write undoes the change and is thrown. */
  async #durably<T>(change: () => T, undo: (result: T) => void): Promise<T> {
    const result = change();
    try {
      await this.#store.flush();
    } catch (error) {
      undo(result);
      throw error;
    }
    return result;
  }

  /**
   * Ends a user's open report conversation (another flow is starting); true if there was one.
   * Takes the Telegram user id only to derive the in-memory key; nothing is kept.
   */
  abandonConversation(userId: number): boolean {
    const key = this.anonymous.of(userId);
    const open = this.conversations.get(key)?.state === "active";
    this.conversations.end(key);
    return open;
  }

  /** Deletes reports past the retention period (and has their reviewer-chat copies removed); returns how many. */
  purge(): number {
    const purged = this.repository.purge(this.retentionDays);
    if (purged.length > 0) this.#onPurged?.(purged);
    return purged.length;
  }

  /** Forgets silent conversations and stale counters. */
  sweep(): void {
    this.conversations.sweep();
    this.submissions.sweep();
    this.codeFailures.sweep();
  }

  /**
   * Purges now and then hourly, and sweeps every minute; returns the stop function for shutdown.
   * Plain intervals, not cron: these are periods, not calendar times.
   */
  startUpkeep(onPurged: (count: number) => void): () => void {
    const purge = () => {
      const count = this.purge();
      if (count > 0) onPurged(count);
    };
    purge();
    const timers = [setInterval(purge, PURGE_MS), setInterval(() => this.sweep(), SWEEP_MS)];
    for (const timer of timers) timer.unref();
    return () => timers.forEach(clearInterval);
  }
}

/**
 * The deployment's pepper for receipt-code hashes, created on first use and kept with the data
 * (losing it would make every issued code unusable).
 */
function pepper(store: Store): Uint8Array {
  const secrets = store.collection<string>("report-secrets");
  const existing = secrets.get("pepper");
  if (existing) return sodium.from_base64(existing, sodium.base64_variants.ORIGINAL);
  const fresh = newHashKey();
  secrets.set("pepper", sodium.to_base64(fresh, sodium.base64_variants.ORIGINAL));
  return fresh;
}
