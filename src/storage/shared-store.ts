import type { PledgeTable } from "../core/pledge/table.ts";

/**
 * The storage interface of the services: asynchronous, because with several bot instances the
 * truth lives in a shared database (PostgreSQL), not in one process's memory. Every operation that
 * two instances could race on is one atomic call here (insert-if-absent, read-modify-write,
 * counters, leases), so a rule such as "one pledge per NIP" holds across instances without the
 * services knowing which store they run on. `LowdbSharedStore` implements it for one process
 * (the embedded default), `PostgresStore` for many.
 */

/** A record's change inside `update`: the new value, or `undefined` to leave it as it is. */
export type Change<T> = (current: T | undefined) => T | undefined;

/** What `update` did: the value now stored, and whether this call wrote it. */
export type Updated<T> = { value: T | undefined; changed: boolean };

export type UpdateOptions = {
  /**
   * When another instance is changing the same record right now, give up at once
   * (`changed: false`) instead of waiting: a delivery claim must not queue behind a send.
   */
  skipLocked?: boolean;
};

/** One named set of JSON records keyed by string. */
export interface Records<T> {
  get(key: string): Promise<T | undefined>;
  /** Stores (or replaces) a record; durable when the promise resolves. */
  set(key: string, value: T): Promise<void>;
  /** Stores the record only if the key is free; false when another writer was first. */
  insert(key: string, value: T): Promise<boolean>;
  /** Atomic read-modify-write of one record (no other writer interleaves). */
  update(key: string, change: Change<T>, options?: UpdateOptions): Promise<Updated<T>>;
  delete(key: string): Promise<boolean>;
  /** Every record, keys in ascending order; for the small collections (chats, jobs, feedback). */
  list(prefix?: string): Promise<[string, T][]>;
  count(): Promise<number>;
}

/**
 * A state that expires: conversations (pledge form, report draft) and their tombstones. `ttlMs`
 * is enforced by the store, so nothing of an abandoned draft stays at rest past its time.
 */
export interface ExpiringRecords<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/**
 * How long a handled update's id is remembered. Telegram resends an update whose 200 it did not
 * get within seconds to minutes; an hour covers that without a day of ids on a busy bot.
 */
export const HANDLED_KEPT_MS = 3600_000;

/** One acknowledged webhook update at rest: sealed, under an opaque ordering key. */
export type InboundUpdate = { id: number; key: string; sealed: string };

/**
 * Webhook updates between Telegram's 200 and the end of their handling, so an instance killed in
 * between loses nothing: the row is claimed by the instance that handles it (renewed while it
 * works); when the holder dies the claim runs out and any instance takes the row over. Updates of
 * one key are handled in `id` order, so a key is taken over whole and only when none of its
 * updates is held by a live instance.
 */
export interface InboundUpdates {
  /**
   * Stores an update claimed by `holder` for `ttlMs`. `stored` is false when it is already there
   * (Telegram repeated it); `behind` when an older update of the same key still waits.
   */
  receive(update: InboundUpdate, holder: string, ttlMs: number): Promise<{ stored: boolean; behind: boolean }>;
  /** Gives the claim up unhandled (it waits behind an older update): whoever is free takes it. */
  release(id: number): Promise<void>;
  /**
   * The update was handled: its content and key are deleted at once, its bare id is kept for
   * `HANDLED_KEPT_MS` (so Telegram repeating it is not handled again). True when others of its key wait.
   */
  done(id: number): Promise<boolean>;
  /** Extends `holder`'s claims on `ids` (updates still being handled). */
  renew(holder: string, ids: number[], ttlMs: number): Promise<void>;
  /**
   * Claims for `holder` the updates nobody holds any more, whole keys at a time (only keys with no
   * live claim), oldest keys first, at most about `limit`; of one `key` when given. In id order.
   */
  recover(holder: string, ttlMs: number, limit: number, key?: string): Promise<InboundUpdate[]>;
  /** Updates stored and not yet handled (tests, operations). */
  count(): Promise<number>;
  /** Forgets handled ids older than `HANDLED_KEPT_MS` (run by the store's `sweep`). */
  sweep(): Promise<void>;
}

/** At most `max` events in any `ms` window (whole milliseconds). */
export type PaceWindow = { max: number; ms: number };

/** A rate that several instances keep together: `take` resolves when the next event may happen. */
export type Pace = { take(): Promise<void> };

export interface SharedStore {
  /** Which kind of store this is, for logs and the README's operation notes. */
  readonly kind: "lowdb" | "postgres";
  /** Pledges need their own indexes and counts (a million rows), so they get a table of their own. */
  readonly pledges: PledgeTable;
  records<T>(name: string): Records<T>;
  /** Webhook updates acknowledged but not yet handled (see `InboundUpdates`). */
  readonly inbound: InboundUpdates;
  /** The names of every non-empty record collection (copying a whole store: `npm run db`). */
  collections(): Promise<string[]>;
  /**
   * Expiring records. On lowdb they live in memory only (one process, nothing to share; they do
   * not survive a restart); on PostgreSQL they are rows with an expiry, swept by `sweep`.
   */
  expiring<T>(name: string): ExpiringRecords<T>;
  /**
   * Counts one event for `key` and returns the window's count including it. A window opens at
   * the key's first event and lasts `windowMs`: rate limits that hold across instances.
   */
  hit(key: string, windowMs: number): Promise<number>;
  /** The events counted for `key` in its open window, and when that window closes (epoch ms). */
  hits(key: string): Promise<{ count: number; until: number }>;
  /**
   * Takes or renews the named lease for `ttlMs`; true when `holder` has it now. A holder that
   * dies stops renewing, and the lease passes to another after `ttlMs`.
   */
  lease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives a lease up early (clean shutdown), so another instance takes over at once. */
  releaseLease(name: string, holder: string): Promise<void>;
  /**
   * A rate shared by every instance (Telegram's global flood limit per bot token); undefined on a
   * single instance, whose own in-process limit is the whole rate.
   */
  pace(name: string, window: PaceWindow): Pace | undefined;
  /** Deletes expired records and counters; run periodically by one upkeep timer. */
  sweep(): Promise<void>;
  /** Waits until every write made so far is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
