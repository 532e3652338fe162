import { randomInt } from "node:crypto";
import type { Records, SharedStore } from "../../storage/shared-store.ts";
import { newHashKey } from "./codes.ts";
import { DRAFT_TTL_MS, type CopySource, type Draft } from "./draft.ts";
import type { CategoryId, Evidence, ReportContent, StoredReport, ThreadText } from "./model.ts";
import { RateLimiter } from "./limiter.ts";
import { ReportRepository } from "./repository.ts";
import { sodium } from "./sodium.ts";
import { Sealer } from "./seal.ts";
import { Sessions } from "./sessions.ts";
import type { StateSecret } from "./state-secret.ts";

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

/** How often expired state is swept and how often old reports are purged. */
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
  store: SharedStore;
  now: () => Date;
  /** The instances' shared secret: opaque keys for people, sealed drafts at rest. */
  secret: StateSecret;
  /** `REPORT_PUBLIC_KEY`: when set, report content is sealed before it is stored. */
  publicKey?: string;
  retentionDays: number;
  /** How long to hold a new report before relaying it; random in `RELAY_DELAY_MS` unless injected (tests). */
  relayDelayMs?: () => number;
  /** Told which reports the retention purge deleted, to remove their copies in the reviewer chat. */
  onPurged?: (reports: StoredReport[]) => void;
};

/**
 * Everything the report features share: the stored reports and the identity-free state in flight
 * (sealed conversations and counters in the shared store, keyed by keyed hashes of the person).
 */
export class ReportDesk {
  readonly conversations: Sessions<Conversation>;
  readonly submissions: RateLimiter;
  readonly codeFailures: RateLimiter;
  readonly retentionDays: number;
  readonly relayDelayMs: () => number;
  readonly #onPurged: ((reports: StoredReport[]) => void) | undefined;

  private constructor(
    readonly repository: ReportRepository,
    private readonly store: SharedStore,
    private readonly secret: StateSecret,
    options: ReportDeskOptions,
  ) {
    const { now } = options;
    this.#onPurged = options.onPurged;
    this.relayDelayMs = options.relayDelayMs ?? (() => randomInt(RELAY_DELAY_MS.min, RELAY_DELAY_MS.max));
    this.conversations = new Sessions<Conversation>(store, "report-conversations", DRAFT_TTL_MS, secret);
    this.submissions = new RateLimiter(store, "reports-sent", REPORTS_PER_HOUR, 3600_000, now);
    this.codeFailures = new RateLimiter(store, "code-failures", CODE_FAILURES, CODE_WINDOW_MS, now);
    this.retentionDays = options.retentionDays;
  }

  static async open(options: ReportDeskOptions): Promise<ReportDesk> {
    const { store, now } = options;
    const repository = new ReportRepository(store.records("reports"), await pepper(store.records<string>("report-secrets")), now, options.publicKey ? new Sealer(options.publicKey) : undefined);
    return new ReportDesk(repository, store, options.secret, options);
  }

  /** The opaque key of a person for conversations and counters (the id itself is never kept). */
  keyOf(userId: number): string {
    return this.secret.keyOf("report", userId);
  }

  /**
   * Stores a new report and waits until it is durable: the receipt code may be shown only then
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
   * Adds the reporter's follow-up to a report's thread and waits until it is durable, so "saved"
   * is said only of what is saved; on a failed write it is taken back and the error thrown.
   * Undefined when the report no longer exists.
   */
  async addFollowUp(id: string, message: ThreadText): Promise<StoredReport | undefined> {
    const before = await this.repository.get(id);
    if (!before) return undefined;
    return this.#durably(
      () => this.repository.appendThread(id, "pelapor", message),
      () => this.repository.restore(before),
    );
  }

  /** Makes a change, then waits until it is durable; a failed write undoes the change and is thrown. */
  async #durably<T>(change: () => Promise<T>, undo: (result: T) => Promise<void>): Promise<T> {
    const result = await change();
    try {
      await this.store.flush();
    } catch (error) {
      await undo(result).catch(() => undefined);
      throw error;
    }
    return result;
  }

  /** Ends a user's open report conversation (another flow is starting); true if there was one. */
  async abandonConversation(userId: number): Promise<boolean> {
    const key = this.keyOf(userId);
    const open = (await this.conversations.get(key))?.state === "active";
    await this.conversations.end(key);
    return open;
  }

  /** Deletes reports past the retention period (and has their reviewer-chat copies removed); returns how many. */
  async purge(): Promise<number> {
    const purged = await this.repository.purge(this.retentionDays);
    if (purged.length > 0) this.#onPurged?.(purged);
    return purged.length;
  }

  /**
   * Purges now and then hourly, and sweeps expired state every minute; returns the stop function
   * for shutdown. Plain intervals, not cron: these are periods, not calendar times.
   */
  startUpkeep(onPurged: (count: number) => void): () => void {
    const purge = () =>
      void this.purge()
        .then((count) => count > 0 && onPurged(count))
        .catch(() => undefined);
    purge();
    const timers = [setInterval(purge, PURGE_MS), setInterval(() => void this.store.sweep().catch(() => undefined), SWEEP_MS)];
    for (const timer of timers) timer.unref();
    return () => timers.forEach(clearInterval);
  }
}

/**
 * The deployment's pepper for receipt-code hashes, created on first use and kept with the data
 * (losing it would make every issued code unusable). Insert-if-absent: two instances starting
 * together agree on one pepper.
 */
async function pepper(secrets: Records<string>): Promise<Uint8Array> {
  await secrets.insert("pepper", sodium.to_base64(newHashKey(), sodium.base64_variants.ORIGINAL));
  const stored = await secrets.get("pepper");
  return sodium.from_base64(stored!, sodium.base64_variants.ORIGINAL);
}
