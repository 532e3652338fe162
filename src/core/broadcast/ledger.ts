import type { Records } from "../../storage/shared-store.ts";

/**
 * What one send attempt came to, as the sender reports it. `interrupted` means the process is
 * shutting down mid-call: nothing is recorded, so the next start sends it again.
 */
export type Outcome =
  | { status: "delivered" }
  | { status: "migrated"; to: number }
  | { status: "blocked" }
  | { status: "failed"; reason: string }
  | { status: "interrupted" };

/** `sending` is written before the call and replaced after it; anything else is final. */
export type LedgerStatus = "sending" | "delivered" | "migrated" | "blocked" | "failed" | "skipped" | "closed";

/**
 * One ledger line; `to`/`via` link the two ids of a group upgraded while it was being sent to.
 * A `sending` line is a claim: `holder` (an instance) sends to the chat until `until`.
 */
export type LedgerEntry = { status: LedgerStatus; at: string; to?: number; via?: number; holder?: string; until?: string };

/** How long a claim holds: longer than any one send with its retries; then a dead holder's chat is taken over. */
export const CLAIM_MS = 2 * 60_000;

/**
 * Who got what, one entry per (job, chat), durable before the next send starts. Before a send the
 * instance claims the chat (an atomic update that skips a row another instance holds), so two
 * instances never send one chat the same job; after a crash (even `kill -9`) the only uncertain
 * chats are those whose claim still says `sending` — taken over when the claim runs out and sent
 * again: at most one duplicate per message in flight, never a gap.
 */
export class DeliveryLedger {
  constructor(
    private readonly entries: Records<LedgerEntry>,
    private readonly now: () => Date,
    private readonly holder: string,
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

  /** The final entry under any of a chat's ids (a group keeps its deliveries across an upgrade). */
  async settled(job: string, ids: number[]): Promise<LedgerEntry | undefined> {
    for (const id of ids) {
      const entry = await this.get(job, id);
      if (entry && entry.status !== "sending") return entry;
    }
    return undefined;
  }

  /**
   * Claims the chat for this instance: true when it is free, or its claim ran out (the holder
   * died mid-send). False when it is settled or another instance holds it now.
   */
  async claim(job: string, chatId: number): Promise<boolean> {
    const now = this.now();
    const { changed } = await this.entries.update(
      DeliveryLedger.key(job, chatId),
      (entry) =>
        entry === undefined || (entry.status === "sending" && (entry.until === undefined || Date.parse(entry.until) <= now.getTime()))
          ? { status: "sending", at: now.toISOString(), holder: this.holder, until: new Date(now.getTime() + this.claimMs).toISOString() }
          : undefined,
      { skipLocked: true },
    );
    return changed;
  }

  /** Gives a claim back without an outcome (shutdown mid-call): another instance may send at once. */
  async release(job: string, chatId: number): Promise<void> {
    await this.entries.update(DeliveryLedger.key(job, chatId), (entry) => (entry?.status === "sending" && entry.holder === this.holder ? { ...entry, until: this.now().toISOString() } : undefined));
  }

  /** Records a finished attempt; a migrated delivery also counts for the group's new id. */
  async finish(job: string, chatId: number, outcome: Exclude<Outcome, { status: "interrupted" }>): Promise<void> {
    if (outcome.status === "migrated") {
      await this.#set(job, outcome.to, { status: "delivered", via: chatId });
      await this.#set(job, chatId, { status: "migrated", to: outcome.to });
    } else await this.#set(job, chatId, { status: outcome.status });
  }

  /** A marker for a whole job or slot (e.g. a reminder skipped because it was too late). */
  async mark(job: string, name: string, status: "skipped" | "closed"): Promise<void> {
    await this.#set(job, name, { status });
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
