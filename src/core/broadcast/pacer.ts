/** Real elapsed time for pacing (injected: the business clock `deps.now` may be frozen in tests). */
export type Monotonic = { now: () => number; sleep: (ms: number) => Promise<void> };

/** A 429 while fewer than this were accepted in the last second was not caused by our bulk rate. */
const MIN_BULK_RATE = 3;
/** Pace a little under the rate Telegram accepted, so timer jitter does not cross the limit. */
const SAFETY = 0.95;
/** After this long without a 429, try one message a second faster (the limit may have been others' traffic). */
const RECOVERY_MS = 10_000;
/** A slot taken by `acquire` but never used for a call (e.g. the chat was skipped) stops counting after this. */
const RESERVATION_TTL_MS = 2000;

/**
 * Spaces bulk sends (reminders, broadcasts) once Telegram has said "too many": unpaced until the
 * first 429, then a little under the rate Telegram accepted in the second before it, creeping back
 * up while no 429 comes. Auto-retry still repeats a refused call after `retry_after`; those
 * repeats (and replies to users) are seen by `calling` and take a slot too, so they do not push
 * the next second over the limit. One instance per bot token: the limit is global.
 */
export class Pacer {
  #interval = 0;
  #nextAt = 0;
  #lastChange = 0;
  /** Start times handed out by `acquire` whose call has not been seen yet (ascending). */
  #reserved: number[] = [];
  /** When Telegram accepted a send, over the last second. */
  #accepted: number[] = [];

  constructor(private readonly clock: Monotonic) {}

  /** Messages per second currently allowed, or undefined while unpaced. */
  get rate(): number | undefined {
    return this.#interval > 0 ? 1000 / this.#interval : undefined;
  }

  /** Waits for this bulk send's turn. */
  async acquire(): Promise<void> {
    const now = this.clock.now();
    this.#expire(now);
    this.#recover(now);
    const at = Math.max(now, this.#nextAt);
    this.#nextAt = at + this.#interval;
    this.#reserved.push(at);
    if (at > now) await this.clock.sleep(at - now);
  }

  /** Called for every send call made to Telegram, paced or not (auto-retry repeats, replies). */
  calling(): void {
    const now = this.clock.now();
    this.#expire(now);
    if (this.#reserved.length && (this.#reserved[0] as number) <= now) {
      this.#reserved.shift();
      return;
    }
    if (this.#interval > 0) this.#nextAt = Math.max(this.#nextAt, now) + this.#interval;
  }

  /** Called when Telegram accepted a send. */
  accepted(): void {
    const now = this.clock.now();
    this.#accepted.push(now);
    this.#trim(now);
  }

  /** Called for every 429 Telegram answers (before auto-retry waits and repeats the call). */
  rateLimited(): void {
    const now = this.clock.now();
    this.#trim(now);
    const accepted = this.#accepted.length;
    if (accepted < MIN_BULK_RATE) return;
    const interval = 1000 / (accepted * SAFETY);
    if (interval <= this.#interval) return;
    this.#interval = interval;
    this.#lastChange = now;
  }

  #recover(now: number): void {
    if (this.#interval === 0 || now - this.#lastChange < RECOVERY_MS) return;
    this.#interval = 1000 / (1000 / this.#interval + 1);
    this.#lastChange = now;
  }

  #expire(now: number): void {
    while (this.#reserved.length && (this.#reserved[0] as number) < now - RESERVATION_TTL_MS) this.#reserved.shift();
  }

  #trim(now: number): void {
    while (this.#accepted.length && (this.#accepted[0] as number) <= now - 1000) this.#accepted.shift();
  }
}
