/**
 * A sliding-window counter per opaque key, in memory only: abuse control that needs no identity
 * and forgets everything at restart. Keys are salted hashes (see `AnonymousKeys`), never user ids.
 */
export class RateLimiter {
  readonly #events = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  #recent(key: string): number[] {
    const since = this.now().getTime() - this.windowMs;
    const recent = (this.#events.get(key) ?? []).filter((t) => t > since);
    if (recent.length) this.#events.set(key, recent);
    else this.#events.delete(key);
    return recent;
  }

  /** Milliseconds until one more event is allowed; 0 when it is allowed now. */
  waitMs(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.limit) return 0;
    return recent[recent.length - this.limit]! + this.windowMs - this.now().getTime();
  }

  /** Counts one event (a report sent, a wrong code). */
  record(key: string): void {
    this.#events.set(key, [...this.#recent(key), this.now().getTime()]);
  }

  /** Drops keys whose events all left the window, so memory does not grow with every visitor. */
  sweep(): void {
    for (const key of [...this.#events.keys()]) this.#recent(key);
  }
}

/** Whole minutes to tell a person to wait, never "0 menit". */
export function minutesToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
