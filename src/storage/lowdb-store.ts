import fs from "node:fs";
import path from "node:path";
import { Low } from "lowdb";
import { JSONFile } from "lowdb/node";
import { acquireLock } from "./lock.ts";
import { LogCollection } from "./log-collection.ts";
import type { Collection, CollectionOptions, Store } from "./store.ts";
import { StorageError } from "./store.ts";

type Data = Record<string, Record<string, unknown>>;

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
  readonly #release: () => void;
  #pending: Promise<void> | undefined;
  #dirty = false;

  private constructor(
    readonly dataDir: string,
    db: Low<Data>,
    release: () => void,
  ) {
    this.#db = db;
    this.#release = release;
  }

  /** Opens (and locks) a data directory; throws `StorageError` with an operator-readable message. */
  static async open(dataDir: string): Promise<LowdbStore> {
    fs.mkdirSync(dataDir, { recursive: true });
    const release = acquireLock(dataDir);
    try {
      const file = path.join(dataDir, "db.json");
      const db = new Low<Data>(new JSONFile<Data>(file), {});
      try {
        await db.read();
      } catch (error) {
        throw new StorageError(`${file} rusak (${(error as Error).message}); berkas tidak diubah, perbaiki atau pulihkan dari cadangan`);
      }
      if (typeof db.data !== "object" || db.data === null || Array.isArray(db.data)) {
        throw new StorageError(`${file} bukan basis data ASN Netral; berkas tidak diubah`);
      }
      return new LowdbStore(dataDir, db, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  collection<T>(name: string, options: CollectionOptions = {}): Collection<T> {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`invalid collection name ${name}`);
    return (options.log ? this.#log<T>(name) : this.#doc<T>(name)) as Collection<T>;
  }

  /** Every collection in the directory: the documents of `db.json` and the `*.jsonl` logs. */
  names(): string[] {
    const logs = fs.readdirSync(this.dataDir).filter((f) => f.endsWith(".jsonl")).map((f) => f.slice(0, -".jsonl".length));
    return [...new Set([...Object.keys(this.#db.data), ...logs])].sort();
  }

  #log<T>(name: string): LogCollection<T> {
    let log = this.#logs.get(name);
    if (!log) {
      log = new LogCollection<unknown>(path.join(this.dataDir, `${name}.jsonl`));
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
    this.#pending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#writeLoop());
  }

  async #writeLoop(): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false;
        await this.#db.write();
      }
    } finally {
      this.#pending = undefined;
    }
  }

  async flush(): Promise<void> {
    while (this.#pending) await this.#pending;
  }

  async close(): Promise<void> {
    await this.flush();
    for (const log of this.#logs.values()) await log.close();
    this.#release();
  }
}
