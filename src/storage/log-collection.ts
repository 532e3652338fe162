import fs from "node:fs";
import type { Collection } from "./store.ts";
import { StorageError } from "./store.ts";

type LogLine<T> = { k: string; v?: T; d?: 1 };

/**
 * A collection persisted as JSON lines: one appended line per write, replayed at open, compacted
 * when superseded lines outnumber live ones. With 100k records a write stays a few microseconds,
 * where rewriting the whole file would stall the event loop for hundreds of milliseconds.
 */
export class LogCollection<T> implements Collection<T> {
  readonly #map = new Map<string, T>();
  #fd: number;
  #compactTimer: NodeJS.Timeout | undefined;

  constructor(readonly file: string) {
    const lines = this.#replay();
    if (lines > 2 * this.#map.size + 1000) this.#rewrite();
    this.#fd = fs.openSync(file, "a");
  }

  #replay(): number {
    if (!fs.existsSync(this.file)) return 0;
    const lines = fs.readFileSync(this.file, "utf8").split("\n");
    lines.forEach((line, index) => {
      if (line === "") return;
      let entry: LogLine<T>;
      try {
        entry = JSON.parse(line) as LogLine<T>;
      } catch {
        // A torn last line is what a crash mid-append leaves; anything else is real corruption.
        if (index === lines.length - 1) return;
        throw new StorageError(`${this.file} rusak di baris ${index + 1}; berkas tidak diubah, perbaiki atau pulihkan dari cadangan`);
      }
      if (entry.d) this.#map.delete(entry.k);
      else this.#map.set(entry.k, entry.v as T);
    });
    return lines.length;
  }

  #rewrite(): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, [...this.#map].map(([k, v]) => JSON.stringify({ k, v }) + "\n").join(""));
    fs.renameSync(tmp, this.file);
  }

  /** Deleted data must leave the disk, not only the map: rewrite soon after deletes, batched. */
  #scheduleCompaction(): void {
    this.#compactTimer ??= setTimeout(() => this.compact(), 1000);
  }

  /** Rewrites the file with live records only (runs after deletes and on close). */
  compact(): void {
    clearTimeout(this.#compactTimer);
    this.#compactTimer = undefined;
    fs.closeSync(this.#fd);
    this.#rewrite();
    this.#fd = fs.openSync(this.file, "a");
  }

  #append(line: LogLine<T>): void {
    fs.writeSync(this.#fd, JSON.stringify(line) + "\n");
  }

  get(key: string): T | undefined {
    return this.#map.get(key);
  }
  has(key: string): boolean {
    return this.#map.has(key);
  }
  values(): T[] {
    return [...this.#map.values()];
  }
  entries(): [string, T][] {
    return [...this.#map.entries()];
  }
  get size(): number {
    return this.#map.size;
  }
  set(key: string, value: T): void {
    this.#append({ k: key, v: value });
    this.#map.set(key, value);
  }
  delete(key: string): boolean {
    if (!this.#map.has(key)) return false;
    this.#append({ k: key, d: 1 });
    this.#scheduleCompaction();
    return this.#map.delete(key);
  }
  close(): void {
    if (this.#compactTimer) this.compact();
    fs.closeSync(this.#fd);
  }
}
