import fs from "node:fs";
import { nodeIo, storageFailure, writeFully, type StorageIo } from "./io.ts";
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
  /** Bytes of whole lines in the file: a failed append is cut back to this. */
  #size: number;
  #compactTimer: NodeJS.Timeout | undefined;
  #compacting: Promise<void> | undefined;
  /** Lines appended while a compaction runs; they go into the new file too. */
  #tail: string[] | undefined;
  #tailHadDeletes = false;

  constructor(
    readonly file: string,
    private readonly io: StorageIo = nodeIo,
  ) {
    try {
      const lines = this.#replay();
      if (lines > 2 * this.#map.size + 1000) this.#rewrite();
      this.#fd = fs.openSync(file, "a");
      this.#size = fs.fstatSync(this.#fd).size;
    } catch (error) {
      throw storageFailure(error, file);
    }
  }

  /**
   * Loads the file. A last line without its newline is what a crash mid-append leaves: it was
   * never acknowledged, so it is cut off before anything is appended after it (else the next
   * record would be glued to it and the file refused at the following start). A bad line
   * anywhere else is real corruption and stops the start with the file untouched.
   */
  #replay(): number {
    if (!fs.existsSync(this.file)) return 0;
    const text = fs.readFileSync(this.file, "utf8");
    const lines = text.split("\n");
    const torn = lines.pop() ?? "";
    lines.forEach((line, index) => {
      if (line === "") return;
      let entry: LogLine<T>;
      try {
        entry = JSON.parse(line) as LogLine<T>;
      } catch {
        throw new StorageError(`${this.file} rusak di baris ${index + 1}; berkas tidak diubah, perbaiki atau pulihkan dari cadangan`);
      }
      if (entry.d) this.#map.delete(entry.k);
      else this.#map.set(entry.k, entry.v as T);
    });
    if (torn !== "") fs.truncateSync(this.file, Buffer.byteLength(text) - Buffer.byteLength(torn));
    return lines.length;
  }

  #rewrite(): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, [...this.#map].map(([k, v]) => JSON.stringify({ k, v }) + "\n").join(""));
    fs.renameSync(tmp, this.file);
  }

  /** Deleted data must leave the disk, not only the map: rewrite soon after deletes, batched. */
  #scheduleCompaction(): void {
    // A compaction that fails (disk full) leaves the old file intact; it is tried again later.
    this.#compactTimer ??= setTimeout(() => void this.compact().catch(() => this.#scheduleCompaction()), 1000);
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
      this.#size = fs.fstatSync(this.#fd).size;
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw error;
    } finally {
      this.#tail = undefined;
    }
  }

  /**
   * Appends one line, whole or not at all: a failed or short write is cut back off the file and
   * thrown as `StorageError`, so the caller never acknowledges what is not on disk.
   */
  #append(line: LogLine<T>): void {
    const text = JSON.stringify(line) + "\n";
    const buffer = Buffer.from(text);
    try {
      writeFully(this.io, this.#fd, buffer);
    } catch (error) {
      fs.ftruncateSync(this.#fd, this.#size);
      throw storageFailure(error, this.file);
    }
    this.#size += buffer.length;
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
