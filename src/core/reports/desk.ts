import type { Records, SharedStore } from "../../storage/shared-store.ts";
import { newHashKey } from "./codes.ts";
import { DRAFT_TTL_MS, type Draft } from "./draft.ts";
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

/** How often expired state is swept and how often old reports are purged. */
const SWEEP_MS = 60_000;
const PURGE_MS = 3600_000;

/**
 * A reporter's conversation with the bot, one at a time: writing a report, asked for a receipt
 * code, reading a report opened with its code (`thread`), or writing a follow-up to it (`reply`).
 */
export type Conversation = Draft | { kind: "code" } | { kind: "thread"; reportId: string } | { kind: "reply"; reportId: string };

export type ReportDeskOptions = {
  store: SharedStore;
  now: () => Date;
  /** The instances' shared secret: opaque keys for people, sealed drafts at rest. */
  secret: StateSecret;
  /** `REPORT_PUBLIC_KEY`: when set, report content is sealed before it is stored. */
  publicKey?: string;
  retentionDays: number;
};

/**
 * Everything the report features share: the stored reports and the identity-free state in flight
 * (sealed conversations and counters, keyed by keyed hashes of the person).
 */
export class ReportDesk {
  readonly conversations: Sessions<Conversation>;
  readonly submissions: RateLimiter;
  readonly codeFailures: RateLimiter;
  readonly retentionDays: number;

  private constructor(
    readonly repository: ReportRepository,
    private readonly store: SharedStore,
    private readonly secret: StateSecret,
    options: ReportDeskOptions,
  ) {
    const { now } = options;
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

  /** Ends a user's open report conversation (another flow is starting); true if there was one. */
  async abandonConversation(userId: number): Promise<boolean> {
    const key = this.keyOf(userId);
    const open = (await this.conversations.get(key))?.state === "active";
    await this.conversations.end(key);
    return open;
  }

  /** Deletes reports past the retention period; returns how many. */
  purge(): Promise<number> {
    return this.repository.purge(this.retentionDays);
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
