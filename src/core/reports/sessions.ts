/** What `Sessions.get` finds for a key: the live value, or only the kind of what expired. */
export type SessionLookup<T extends { kind: string }> = { state: "active"; value: T } | { state: "expired"; kind: T["kind"] } | undefined;

type Slot<T extends { kind: string }> = { touchedAt: number } & ({ value: T } | { expired: T["kind"] });

/** How long an expired session is remembered, so a late answer gets "expired" instead of going elsewhere. */
const TOMBSTONE_MS = 24 * 3600_000;

/**
 * In-memory conversations that expire after a period of silence. Expiry is checked lazily on
 * each interaction and by a periodic `sweep`; an expired session's content is dropped at once but
 * a tombstone (its kind only) stays for a day, so the person's next message is answered with
 * "expired" instead of being treated as something else — a late report text must never end up
 * stored as an ordinary question.
 */
export class Sessions<T extends { kind: string }> {
  readonly #slots = new Map<string, Slot<T>>();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  #expire(key: string, slot: Slot<T>, now: number): Slot<T> {
    if ("value" in slot && now - slot.touchedAt > this.ttlMs) {
      const tombstone = { touchedAt: slot.touchedAt, expired: slot.value.kind };
      this.#slots.set(key, tombstone);
      return tombstone;
    }
    return slot;
  }

  /** Starts (or replaces) the key's session. */
  start(key: string, value: T): T {
    this.#slots.set(key, { value, touchedAt: this.now().getTime() });
    return value;
  }

  /**
   * The key's session, refreshed when active. An expired one is reported once and then
   * forgotten, so the person is told exactly once.
   */
  get(key: string): SessionLookup<T> {
    const found = this.#slots.get(key);
    if (!found) return undefined;
    const now = this.now().getTime();
    const slot = this.#expire(key, found, now);
    if (!("value" in slot)) {
      this.#slots.delete(key);
      return { state: "expired", kind: slot.expired };
    }
    slot.touchedAt = now;
    return { state: "active", value: slot.value };
  }

  /** Ends the key's session (sent, cancelled, done). */
  end(key: string): void {
    this.#slots.delete(key);
  }

  /** Expires silent sessions and forgets old tombstones; run periodically. */
  sweep(): void {
    const now = this.now().getTime();
    for (const [key, found] of [...this.#slots]) {
      const slot = this.#expire(key, found, now);
      if (!("value" in slot) && now - slot.touchedAt > TOMBSTONE_MS) this.#slots.delete(key);
    }
  }

  /** Sessions held (live and tombstones), for tests and memory checks. */
  get size(): number {
    return this.#slots.size;
  }
}
