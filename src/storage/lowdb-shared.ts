import { MemoryPledgeTable } from "../core/pledge/memory-table.ts";
import type { Pledge, PledgeTable } from "../core/pledge/table.ts";
import { LowdbInbound } from "./lowdb-inbound.ts";
import { LowdbStore, type StoreOptions } from "./lowdb-store.ts";
import type { Change, ExpiringRecords, Records, SharedStore, Updated } from "./shared-store.ts";
import type { Collection } from "./store.ts";

/**
 * `Records` over a lowdb collection. One process owns the data directory (it is locked) and
 * JavaScript runs one callback at a time, so a synchronous read-modify-write is already atomic.
 */
class LowdbRecords<T> implements Records<T> {
  constructor(private readonly collection: Collection<T>) {}

  async get(key: string): Promise<T | undefined> {
    return this.collection.get(key);
  }
  async set(key: string, value: T): Promise<void> {
    this.collection.set(key, value);
  }
  async insert(key: string, value: T): Promise<boolean> {
    if (this.collection.has(key)) return false;
    this.collection.set(key, value);
    return true;
  }
  async update(key: string, change: Change<T>): Promise<Updated<T>> {
    const current = this.collection.get(key);
    const next = change(current);
    if (next === undefined) return { value: current, changed: false };
    this.collection.set(key, next);
    return { value: next, changed: true };
  }
  async delete(key: string): Promise<boolean> {
    return this.collection.delete(key);
  }
  async list(prefix = ""): Promise<[string, T][]> {
    return this.collection
      .entries()
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  async count(): Promise<number> {
    return this.collection.size;
  }
}

/** Expiring records of one process: in memory, gone at restart (nothing to share with). */
class MemoryExpiring<T> implements ExpiringRecords<T> {
  readonly #slots = new Map<string, { value: T; until: number }>();
  constructor(private readonly now: () => number) {}

  async get(key: string): Promise<T | undefined> {
    const slot = this.#slots.get(key);
    if (slot && slot.until <= this.now()) this.#slots.delete(key);
    return slot && slot.until > this.now() ? slot.value : undefined;
  }
  async set(key: string, value: T, ttlMs: number): Promise<void> {
    this.#slots.set(key, { value, until: this.now() + ttlMs });
  }
  async delete(key: string): Promise<boolean> {
    return this.#slots.delete(key);
  }
  sweep(): void {
    const now = this.now();
    for (const [key, slot] of this.#slots) if (slot.until <= now) this.#slots.delete(key);
  }
}

/**
 * Large or write-heavy collections, kept as append-only logs beside `db.json` (each write is on
 * disk before the call returns); the others live in `db.json`. The same names as before the
 * shared store, so existing data directories open unchanged.
 */
/** Acknowledged webhook updates and the ids handled lately: the intake's, never copied by `npm run db`. */
const INBOUND_UPDATES = "inbound-updates";
const INBOUND_HANDLED = "inbound-handled";

export const LOG_COLLECTIONS = new Set(["pledges", "pledge-forms", "unanswered", "downvotes", "votes", "broadcasts", "broadcast-targets", "broadcast-deliveries", "reminder-deliveries", INBOUND_UPDATES, INBOUND_HANDLED]);

/**
 * The embedded default: lowdb in `DATA_DIR`, for a single instance. Counters and leases are kept
 * in memory (with one process there is nobody to share them with or to take a lease over).
 */
export class LowdbSharedStore implements SharedStore {
  readonly kind = "lowdb";
  readonly pledges: PledgeTable;
  readonly inbound: LowdbInbound;
  readonly #expiring = new Map<string, MemoryExpiring<unknown>>();
  readonly #counters = new Map<string, { count: number; until: number }>();
  readonly #leases = new Map<string, { holder: string; until: number }>();

  private constructor(
    readonly lowdb: LowdbStore,
    private readonly now: () => number,
  ) {
    this.pledges = new MemoryPledgeTable(lowdb.collection<Pledge>("pledges", { log: true }));
    this.inbound = new LowdbInbound(lowdb.collection(INBOUND_UPDATES, { log: true }), lowdb.collection(INBOUND_HANDLED, { log: true }), now);
  }

  /** Opens (and locks) a data directory; throws `StorageError` with an operator-readable message. */
  static async open(dataDir: string, now: () => number = Date.now, options?: StoreOptions): Promise<LowdbSharedStore> {
    return new LowdbSharedStore(await LowdbStore.open(dataDir, options), now);
  }

  records<T>(name: string): Records<T> {
    return new LowdbRecords(this.lowdb.collection<T>(name, { log: LOG_COLLECTIONS.has(name) }));
  }

  async collections(): Promise<string[]> {
    return this.lowdb.names().filter((name) => name !== "pledges" && name !== INBOUND_UPDATES && name !== INBOUND_HANDLED);
  }

  expiring<T>(name: string): ExpiringRecords<T> {
    let records = this.#expiring.get(name);
    if (!records) this.#expiring.set(name, (records = new MemoryExpiring<unknown>(this.now)));
    return records as MemoryExpiring<T>;
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const open = this.#open(key);
    const counter = open.count > 0 ? { count: open.count + 1, until: open.until } : { count: 1, until: this.now() + windowMs };
    this.#counters.set(key, counter);
    return counter.count;
  }

  async hits(key: string): Promise<{ count: number; until: number }> {
    return this.#open(key);
  }

  /** Synchronous, so a hit's read and write cannot interleave with another's. */
  #open(key: string): { count: number; until: number } {
    const counter = this.#counters.get(key);
    return counter && counter.until > this.now() ? { ...counter } : { count: 0, until: this.now() };
  }

  async lease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const current = this.#leases.get(name);
    if (current && current.holder !== holder && current.until > this.now()) return false;
    this.#leases.set(name, { holder, until: this.now() + ttlMs });
    return true;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    if (this.#leases.get(name)?.holder === holder) this.#leases.delete(name);
  }

  /** One process: the outbox's in-process limit is the whole rate. */
  pace(): undefined {
    return undefined;
  }

  async sweep(): Promise<void> {
    for (const records of this.#expiring.values()) records.sweep();
    await this.inbound.sweep();
    const now = this.now();
    for (const [key, counter] of this.#counters) if (counter.until <= now) this.#counters.delete(key);
  }

  flush(): Promise<void> {
    return this.lowdb.flush();
  }

  close(): Promise<void> {
    return this.lowdb.close();
  }
}
