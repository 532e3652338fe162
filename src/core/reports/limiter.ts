import type { SharedStore } from "../../storage/shared-store.ts";

/**
 * At most `limit` events per window per opaque key (the window opens at the first event), counted
 * in the shared store so the limit holds whichever instance a message reaches. Keys are keyed hashes (see `StateSecret`),
 * never user ids.
 */
export class RateLimiter {
  constructor(
    private readonly store: SharedStore,
    private readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  /** Milliseconds until one more event is allowed; 0 when it is allowed now. */
  async waitMs(key: string): Promise<number> {
    const { count, until } = await this.store.hits(this.#key(key));
    return count < this.limit ? 0 : until - this.now().getTime();
  }

  /** Counts one event (a report sent, a wrong code). */
  async record(key: string): Promise<void> {
    await this.store.hit(this.#key(key), this.windowMs);
  }

  #key(key: string): string {
    return `${this.name}:${key}`;
  }
}

/** Whole minutes to tell a person to wait, never "0 menit". */
export function minutesToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
