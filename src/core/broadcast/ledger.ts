import type { Records } from "../../storage/shared-store.ts";

/**
 * What one send came to, as the sender reports it. `interrupted` means the process is shutting
 * down: a chat whose request never left is given back, so the next start sends it.
 */
export type Outcome =
  | { status: "delivered" }
  | { status: "migrated"; to: number }
  | { status: "blocked" }
  | { status: "failed"; reason: string }
  | { status: "interrupted" };

/**
 * `claimed`: an instance will send (nothing has left yet); `sending`: a request is on its way,
 * written before it leaves; anything else is final.
 */
export type LedgerStatus = "claimed" | "sending" | "delivered" | "migrated" | "blocked" | "failed" | "skipped" | "closed";

/**
 * One ledger line; `to`/`via` link the two ids of a group upgraded while it was being sent to.
 * A `claimed` or `sending` line names its `holder` (an instance) and how long it holds (`until`).
 */
export type LedgerEntry = { status: LedgerStatus; at: string; to?: number; via?: number; holder?: string; until?: string };

/**
 * How a chat stands for a delivery: a final outcome; `unconfirmed` when a request left and its
 * sender died before hearing the answer (it most likely arrived: never sent again); `open` while
 * it is still to be sent or in someone's hands.
 */
export type Standing = Exclude<LedgerStatus, "claimed" | "sending"> | "unconfirmed" | "open";

/**
 * Told by the sender around each HTTP attempt (auto-retry makes several), so the ledger always
 * knows whether a message may have left.
 */
export type SendAttempt = {
  /** Right before the request leaves: durable when it resolves; a rejection keeps the request from leaving. */
  starting(): Promise<void>;
  /** The attempt provably delivered nothing (429, 5xx, connection refused): the chat may be sent again. */
  notSent(): Promise<void>;
};

/** How long a claim holds: longer than any one send with its retries; then a dead holder's chat is taken over. */
export const CLAIM_MS = 2 * 60_000;

/** The chat is no longer this instance's to send (its claim ran out and another took it over). */
export class ClaimLost extends Error {
  constructor() {
    super("delivery claim lost to another instance; not sent");
  }
}

/**
 * Who got what, one entry per (job, chat). Before a send the instance claims the chat (an atomic
 * update that skips a row another instance holds), so two instances never send one chat the same
 * job; right before each request leaves, the entry says `sending` (committed first), and a request
 * that provably failed sets it back to `claimed`. When an instance dies (even `kill -9`), the
 * chats it only claimed are taken over once the claim runs out and sent by another; the few whose
 * request had left are never sent again but counted `unconfirmed`. Telegram has no idempotency
 * key, so this is the only way to guarantee "at most once" without losing the rest.
 */
export class DeliveryLedger {
  constructor(
    private readonly entries: Records<LedgerEntry>,
    private readonly now: () => Date,
    private readonly holder: string,
    /** 0 on a single instance: any other holder is a previous process, dead. */
    private readonly claimMs = CLAIM_MS,
  ) {}

  static key(job: string, chatId: number | string): string {
    return `${job}/${chatId}`;
  }

  get(job: string, chatId: number | string): Promise<LedgerEntry | undefined> {
    return this.entries.get(DeliveryLedger.key(job, chatId));
  }

  /** Every entry of a job, by chat id (progress counts: one read, not one per chat). */
  async job(job: string): Promise<Map<string, LedgerEntry>> {
    const prefix = DeliveryLedger.key(job, "");
    return new Map((await this.entries.list(prefix)).map(([key, entry]) => [key.slice(prefix.length), entry]));
  }

  /** How an entry counts now (see `Standing`). */
  standing(entry: LedgerEntry | undefined): Standing {
    if (entry === undefined || entry.status === "claimed") return "open";
    if (entry.status === "sending") return this.#lapsed(entry) ? "unconfirmed" : "open";
    return entry.status;
  }

  /** The entry that settles a chat under any of its ids (a group keeps its deliveries across an upgrade). */
  async settled(job: string, ids: number[]): Promise<LedgerEntry | undefined> {
    for (const id of ids) {
      const entry = await this.get(job, id);
      if (this.standing(entry) !== "open") return entry;
    }
    return undefined;
  }

  /**
   * Claims the chat for this instance: true when it is free, or another's claim on it ran out
   * before anything was sent. False when it is settled, on its way, or held by a live instance.
   */
  async claim(job: string, chatId: number): Promise<boolean> {
    const { changed } = await this.entries.update(
      DeliveryLedger.key(job, chatId),
      (entry) => (entry === undefined || (entry.status === "claimed" && this.#lapsed(entry)) ? this.#held("claimed") : undefined),
      { skipLocked: true },
    );
    return changed;
  }

  /** A request to the chat is about to leave (`SendAttempt.starting`); throws `ClaimLost` when the chat is no longer ours. */
  async sending(job: string, chatId: number): Promise<void> {
    const { changed } = await this.entries.update(DeliveryLedger.key(job, chatId), (entry) => (this.#ours(entry) ? this.#held("sending") : undefined));
    if (!changed) throw new ClaimLost();
  }

  /** The request provably delivered nothing (`SendAttempt.notSent`): back to claimed. */
  async notSent(job: string, chatId: number): Promise<void> {
    await this.entries.update(DeliveryLedger.key(job, chatId), (entry) => (this.#ours(entry) && entry?.status === "sending" ? this.#held("claimed") : undefined));
  }

  /** Gives a claim back without an outcome (shutdown before the request left): another instance may send at once. */
  async release(job: string, chatId: number): Promise<void> {
    await this.entries.update(DeliveryLedger.key(job, chatId), (entry) => (this.#ours(entry) && entry?.status === "claimed" ? { ...entry, until: this.now().toISOString() } : undefined));
  }

  /**
   * Records a finished attempt, if the chat is still ours (a claim lost meanwhile belongs to its
   * new holder); a migrated delivery also counts for the group's new id.
   */
  async finish(job: string, chatId: number, outcome: Exclude<Outcome, { status: "interrupted" }>): Promise<void> {
    if (outcome.status === "migrated") await this.#set(job, outcome.to, { status: "delivered", via: chatId });
    const entry: Omit<LedgerEntry, "at"> = outcome.status === "migrated" ? { status: "migrated", to: outcome.to } : { status: outcome.status };
    const at = this.now().toISOString();
    await this.entries.update(DeliveryLedger.key(job, chatId), (current) => (current === undefined || this.#ours(current) ? { ...entry, at } : undefined));
  }

  /** A marker for a whole job or slot (e.g. a reminder skipped because it was too late). */
  async mark(job: string, name: string, status: "skipped" | "closed"): Promise<void> {
    await this.#set(job, name, { status });
  }

  #held(status: "claimed" | "sending"): LedgerEntry {
    const now = this.now();
    return { status, at: now.toISOString(), holder: this.holder, until: new Date(now.getTime() + this.claimMs).toISOString() };
  }

  #ours(entry: LedgerEntry | undefined): boolean {
    return (entry?.status === "claimed" || entry?.status === "sending") && entry.holder === this.holder;
  }

  /** Another instance's entry whose time ran out: its holder died (or, on one instance, any other holder). */
  #lapsed(entry: LedgerEntry): boolean {
    if (entry.holder === this.holder) return false;
    return this.claimMs === 0 || entry.until === undefined || Date.parse(entry.until) <= this.now().getTime();
  }

  async #set(job: string, chatId: number | string, entry: Omit<LedgerEntry, "at">): Promise<void> {
    await this.entries.set(DeliveryLedger.key(job, chatId), { ...entry, at: this.now().toISOString() });
  }
}

/** Aborts the calls in flight once `abandon` fires (now, if it already has). */
export function abandonOn(abandon: AbortSignal | undefined, calls: AbortController): void {
  if (!abandon) return;
  if (abandon.aborted) calls.abort();
  else abandon.addEventListener("abort", () => calls.abort(), { once: true });
}
