import type { Collection } from "../../storage/store.ts";

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

/** One ledger line; `to`/`via` link the two ids of a group upgraded while it was being sent to. */
export type LedgerEntry = { status: LedgerStatus; at: string; to?: number; via?: number };

/**
 * Who got what, one entry per (job, chat), in an append-only log collection: each entry is on
 * disk before the next send starts, so after a crash (even `kill -9`) the only uncertain chat is
 * the one whose entry still says `sending` — sent again, at most one duplicate, never a gap.
 */
export class DeliveryLedger {
  constructor(
    private readonly entries: Collection<LedgerEntry>,
    private readonly now: () => Date,
  ) {}

  static key(job: string, chatId: number | string): string {
    return `${job}/${chatId}`;
  }

  get(job: string, chatId: number | string): LedgerEntry | undefined {
    return this.entries.get(DeliveryLedger.key(job, chatId));
  }

  /** The final entry under any of a chat's ids (a group keeps its deliveries across an upgrade). */
  settled(job: string, ids: number[]): LedgerEntry | undefined {
    for (const id of ids) {
      const entry = this.get(job, id);
      if (entry && entry.status !== "sending") return entry;
    }
    return undefined;
  }

  begin(job: string, chatId: number): void {
    this.#set(job, chatId, { status: "sending" });
  }

  /** Records a finished attempt; a migrated delivery also counts for the group's new id. */
  finish(job: string, chatId: number, outcome: Exclude<Outcome, { status: "interrupted" }>): void {
    if (outcome.status === "migrated") {
      this.#set(job, outcome.to, { status: "delivered", via: chatId });
      this.#set(job, chatId, { status: "migrated", to: outcome.to });
    } else this.#set(job, chatId, { status: outcome.status });
  }

  /** A marker for a whole job or slot (e.g. a reminder skipped because it was too late). */
  mark(job: string, name: string, status: "skipped" | "closed"): void {
    this.#set(job, name, { status });
  }

  #set(job: string, chatId: number | string, entry: Omit<LedgerEntry, "at">): void {
    this.entries.set(DeliveryLedger.key(job, chatId), { ...entry, at: this.now().toISOString() });
  }
}

/** Aborts the calls in flight once `abandon` fires (now, if it already has). */
export function abandonOn(abandon: AbortSignal | undefined, calls: AbortController): void {
  if (!abandon) return;
  if (abandon.aborted) calls.abort();
  else abandon.addEventListener("abort", () => calls.abort(), { once: true });
}
