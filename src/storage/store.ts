/**
 * The lowdb store's own collections: reads are synchronous from memory (the data set of one
 * deployment fits easily), writes are persisted in the background; `flush` waits for them.
 * Services do not use this directly: they see the async `SharedStore` (shared-store.ts), which
 * `LowdbSharedStore` implements on top of these and `PostgresStore` on a shared database.
 */
export interface Collection<T> {
  get(key: string): T | undefined;
  has(key: string): boolean;
  values(): T[];
  entries(): [string, T][];
  readonly size: number;
  set(key: string, value: T): void;
  delete(key: string): boolean;
}

export type CollectionOptions = {
  /**
   * Large or write-heavy collections (pledges, delivery ledgers) are kept as an append-only log
   * so a write costs one appended line instead of rewriting the whole database, and is on disk
   * before the call returns (a `kill -9` loses nothing that was acknowledged).
   */
  log?: boolean;
};

export interface Store {
  collection<T>(name: string, options?: CollectionOptions): Collection<T>;
  /** Waits until every write made so far is on disk. */
  flush(): Promise<void>;
  /** Flushes and releases the data directory for another process. */
  close(): Promise<void>;
}

/** Raised when the data directory cannot be used; the message is meant for the operator. */
export class StorageError extends Error {
  override name = "StorageError";
}
