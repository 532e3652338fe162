import type { ExpiringRecords, SharedStore } from "../../storage/shared-store.ts";
import type { StateSecret } from "./state-secret.ts";

/** What `Sessions.get` finds for a key: the live value, or only the kind of what expired. */
export type SessionLookup<T extends { kind: string }> = { state: "active"; value: T } | { state: "expired"; kind: T["kind"] } | undefined;

/** How long an expired session is remembered, so a late answer gets "expired" instead of going elsewhere. */
const TOMBSTONE_MS = 24 * 3600_000;

type Sealed = { sealed: string };
type Tombstone<T extends { kind: string }> = { kind: T["kind"] };

/**
 * Conversations that expire after a period of silence, kept in the shared store so the next
 * message may reach any instance. The content is sealed with the instances' shared secret and
 * stored with an expiry (the store forgets it after `ttlMs` of silence); a tombstone holding only
 * the kind stays a day longer, so the person's next message is answered with "expired" instead
 * of being treated as something else — a late report text must never be stored as a question.
 */
export class Sessions<T extends { kind: string }> {
  readonly #live: ExpiringRecords<Sealed>;
  readonly #tombstones: ExpiringRecords<Tombstone<T>>;

  constructor(
    store: SharedStore,
    name: string,
    readonly ttlMs: number,
    private readonly secret: StateSecret,
  ) {
    this.#live = store.expiring<Sealed>(name);
    this.#tombstones = store.expiring<Tombstone<T>>(`${name}-expired`);
  }

  /** Starts (or replaces, or stores the changed) session and restarts its time. */
  async start(key: string, value: T): Promise<T> {
    await this.#live.set(key, { sealed: this.secret.seal(value) }, this.ttlMs);
    await this.#tombstones.set(key, { kind: value.kind }, this.ttlMs + TOMBSTONE_MS);
    return value;
  }

  /**
   * The key's session, refreshed when active. An expired one is reported once and then
   * forgotten, so the person is told exactly once.
   */
  async get(key: string): Promise<SessionLookup<T>> {
    const live = await this.#live.get(key);
    const value = live && this.secret.open<T>(live.sealed);
    if (value) {
      await this.start(key, value);
      return { state: "active", value };
    }
    const tombstone = await this.#tombstones.get(key);
    if (!tombstone) return undefined;
    await this.end(key);
    return { state: "expired", kind: tombstone.kind };
  }

  /** Ends the key's session (sent, cancelled, done): nothing of it stays stored. */
  async end(key: string): Promise<void> {
    await this.#live.delete(key);
    await this.#tombstones.delete(key);
  }
}
