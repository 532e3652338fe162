import fs from "node:fs";
import path from "node:path";
import { Low } from "lowdb";
import { nodeIo, storageFailure, writeFully, type StorageIo } from "./io.ts";
import { acquireLock, type LockOptions } from "./lock.ts";
import { LogCollection } from "./log-collection.ts";
import type { Collection, CollectionOptions, Store } from "./store.ts";
import { StorageError } from "./store.ts";

type Data = Record<string, Record<string, unknown>>;

export type StoreOptions = {
  /** File writes; tests inject failing or short ones. */
  io?: StorageIo;
  lock?: LockOptions;
  /** Told about every failed `db.json` write (it is retried); the app logs it. */
  onWriteError?: (error: StorageError) => void;
};

/** Retries of a failed `db.json` write back off up to this interval. */
const MAX_RETRY_MS = 30_000;

/** A collection inside `db.json`; every change schedules one coalesced write of the file. */
class DocumentCollection<T> implements Collection<T> {
  constructor(
    private readonly records: Record<string, T>,
    private readonly changed: () => void,
  ) {}
  get(key: string): T | undefined {
    return Object.hasOwn(this.records, key) ? this.records[key] : undefined;
  }
  has(key: string): boolean {
    return Object.hasOwn(this.records, key);
  }
  values(): T[] {
    return Object.values(this.records);
  }
  entries(): [string, T][] {
    return Object.entries(this.records);
  }
  get size(): number {
    return Object.keys(this.records).length;
  }
  set(key: string, value: T): void {
    this.records[key] = value;
    this.changed();
  }
  delete(key: string): boolean {
    if (!this.has(key)) return false;
    delete this.records[key];
    this.changed();
    return true;
  }
}

/**
 * lowdb in `DATA_DIR/db.json` for the small collections (groups, settings, reports), written
 * atomically by lowdb's steno writer (temp file + rename) and coalesced to one write per tick;
 * log collections beside it for the large ones. `JSONFile` is used directly because lowdb's
 * `JSONFilePreset` silently switches to memory under `NODE_ENV=test`.
 */
export class LowdbStore implements Store {
  readonly #db: Low<Data>;
  readonly #logs = new Map<string, LogCollection<unknown>>();
  readonly #docs = new Map<string, DocumentCollection<unknown>>();
  readonly #release: () => Promise<void>;
  readonly #options: StoreOptions;
  #pending: Promise<void> | undefined;
  #dirty = false;
  /** Consecutive failed writes of db.json; a retry is scheduled while it is above zero. */
  #failures = 0;
  #retry: NodeJS.Timeout | undefined;
  #lastError: StorageError | undefined;

  private constructor(
    readonly dataDir: string,
    db: Low<Data>,
    release: () => Promise<void>,
    options: StoreOptions,
  ) {
    this.#db = db;
    this.#release = release;
    this.#options = options;
  }

  /**
   * Opens (and locks) a data directory; throws `StorageError` with an operator-readable message,
   * also when the directory is read-only or the disk is full (checked with a probe write).
   */
  static async open(dataDir: string, options: StoreOptions = {}): Promise<LowdbStore> {
    const io = options.io ?? nodeIo;
    try {
      fs.mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      throw storageFailure(error, `DATA_DIR ${dataDir}`);
    }
    const release = await acquireLock(dataDir, options.lock);
    try {
      probeWrite(dataDir, io);
      const file = path.join(dataDir, "db.json");
      const db = new Low<Data>(io.document<Data>(file), {});
      try {
        await db.read();
      } catch (error) {
        throw new StorageError(`${file} rusak (${(error as Error).message}); berkas tidak diubah, perbaiki atau pulihkan dari cadangan`);
      }
      if (typeof db.data !== "object" || db.data === null || Array.isArray(db.data)) {
        throw new StorageError(`${file} bukan basis data ASN Netral; berkas tidak diubah`);
      }
      return new LowdbStore(dataDir, db, release, { ...options, io });
    } catch (error) {
      await release();
      throw error;
    }
  }

  collection<T>(name: string, options: CollectionOptions = {}): Collection<T> {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`invalid collection name ${name}`);
    return (options.log ? this.#log<T>(name) : this.#doc<T>(name)) as Collection<T>;
  }

  #log<T>(name: string): LogCollection<T> {
    let log = this.#logs.get(name);
    if (!log) {
      log = new LogCollection<unknown>(path.join(this.dataDir, `${name}.jsonl`), this.#options.io);
      this.#logs.set(name, log);
    }
    return log as LogCollection<T>;
  }

  #doc<T>(name: string): DocumentCollection<T> {
    let doc = this.#docs.get(name);
    if (!doc) {
      const records = (this.#db.data[name] ??= {});
      doc = new DocumentCollection<unknown>(records, () => this.#scheduleWrite());
      this.#docs.set(name, doc);
    }
    return doc as DocumentCollection<T>;
  }

  #scheduleWrite(): void {
    this.#dirty = true;
    // While failing, the retry timer owns the next attempt (flush may also try at once).
    if (this.#failures === 0) this.#pending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#writeLoop());
  }

  /** Writes until nothing is dirty; a failure is reported and retried with back-off, never thrown. */
  async #writeLoop(): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false;
        try {
          await this.#db.write();
        } catch (error) {
          this.#dirty = true;
          this.#failures++;
          this.#lastError = storageFailure(error, path.join(this.dataDir, "db.json"));
          this.#options.onWriteError?.(this.#lastError);
          this.#scheduleRetry();
          return;
        }
      }
      this.#failures = 0;
    } finally {
      this.#pending = undefined;
    }
  }

  #scheduleRetry(): void {
    clearTimeout(this.#retry);
    const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** (this.#failures - 1));
    this.#retry = setTimeout(() => (this.#pending ??= this.#writeLoop()), delay).unref();
  }

  /**
   * Waits until every write made so far is on disk, trying once more at once if the last write
   * failed; throws `StorageError` if the data is still not on disk (the caller must not tell
   * anyone it was saved).
   */
  async flush(): Promise<void> {
    if (this.#dirty && !this.#pending) this.#pending = this.#writeLoop();
    while (this.#pending) await this.#pending;
    if (this.#dirty && this.#lastError) throw this.#lastError;
  }

  async close(): Promise<void> {
    clearTimeout(this.#retry);
    try {
      await this.flush();
      for (const log of this.#logs.values()) await log.close();
    } finally {
      await this.#release();
    }
  }
}

/** Fails early, with the operator's one line, when nothing can be written to the data directory. */
function probeWrite(dataDir: string, io: StorageIo): void {
  const file = path.join(dataDir, ".probe");
  try {
    const fd = fs.openSync(file, "w");
    try {
      writeFully(io, fd, Buffer.alloc(4096));
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    throw storageFailure(error, `DATA_DIR ${dataDir}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
