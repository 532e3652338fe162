import fs from "node:fs";
import type { Collection } from "./store.ts";
import { StorageError } from "./store.ts";

type LogLine<T> = { k: string; v?: T; d?: 1 };

/** Records serialised per slice during compaction: small enough to keep each slice well under 20 ms. */
const COMPACTION_SLICE = 1000;

/** The next slice of records as JSON lines ("" when done). */
function nextSlice(records: Iterator<[string, unknown]>): string {
  let text = "";
  for (let i = 0; i < COMPACTION_SLICE; i++) {
    const next = records.next();
    if (next.done) break;
    text += JSON.stringify({ k: next.value[0], v: next.value[1] }) + "\n";
  }
  return text;
}

/**
 * A collection persisted as JSON lines: one appended line per write, replayed at open, compacted
 * when superseded lines outnumber live ones. With 100k records a write stays a few microseconds,
 * where rewriting the whole file would stall the event loop for hundreds of milliseconds.
 */
export class LogCollection<T> implements Collection<T> {
  readonly #map = new Map<string, T>();
  #fd: number;
  #compactTimer: NodeJS.Timeout | undefined;
  #compacting: Promise<void> | undefined;
  /** Lines appended while a compaction runs; they go into the new file too. */
  #tail: string[] | undefined;
  #tailHadDeletes = false;

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
    this.#compactTimer ??= setTimeout(() => void this.compact(), 1000);
  }

  /**
   * Rewrites the file with live records only, without stalling the bot: the snapshot is
   * serialised in slices between other work and written asynchronously; lines appended meanwhile
   * are added to the new file before it replaces the old one, so nothing written is lost.
   */
  compact(): Promise<void> {
    clearTimeout(this.#compactTimer);
    this.#compactTimer = undefined;
    this.#compacting ??= this.#compactInSlices().finally(() => {
      this.#compacting = undefined;
      if (this.#tailHadDeletes) this.#scheduleCompaction();
    });
    return this.#compacting;
  }

  async #compactInSlices(): Promise<void> {
    const tmp = `${this.file}.tmp`;
    // Map iteration sees changes made while it runs; the tail repeats them last, so the result
    // replays to the current state either way, without copying 100k entries in one go.
    const records = this.#map.entries();
    this.#tailHadDeletes = false;
    const tail: string[] = (this.#tail = []);
    try {
      const out = await fs.promises.open(tmp, "w");
      let written = 0;
      try {
        for (let slice = nextSlice(records); slice !== ""; slice = nextSlice(records)) await out.write(slice);
        written = tail.length;
        await out.write(tail.join(""));
      } finally {
        await out.close();
      }
      // From here on everything is synchronous, so no append can slip between the tail and the swap.
      fs.appendFileSync(tmp, tail.slice(written).join(""));
      fs.closeSync(this.#fd);
      fs.renameSync(tmp, this.file);
      this.#fd = fs.openSync(this.file, "a");
    } finally {
      this.#tail = undefined;
    }
  }

  #append(line: LogLine<T>): void {
    const text = JSON.stringify(line) + "\n";
    fs.writeSync(this.#fd, text);
    if (this.#tail) {
      this.#tail.push(text);
      if (line.d) this.#tailHadDeletes = true;
    }
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
  /** Finishes any pending compaction (deleted data must not stay on disk) and closes the file. */
  async close(): Promise<void> {
    await this.#compacting;
    if (this.#compactTimer) await this.compact();
    fs.closeSync(this.#fd);
  }
}
