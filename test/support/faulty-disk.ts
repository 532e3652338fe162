import fs from "node:fs";
import type { Adapter } from "lowdb";
import { JSONFile } from "lowdb/node";
import type { StorageIo } from "../../src/storage/io.ts";

const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

/**
 * A disk that can fill up on demand: `full` makes every write fail with ENOSPC, `shortWrites`
 * lets the next writes stop after a few bytes (what a nearly full disk does), `hold` delays
 * db.json writes until released.
 */
export class FaultyDisk implements StorageIo {
  full = false;
  /** Bytes the next short write may still put on disk; undefined = no short writes. */
  roomLeft: number | undefined;
  /** db.json writes wait for this before writing. */
  hold: Promise<void> | undefined;
  /** Resolves each time a db.json write starts (tests wait for it). */
  documentWrites = 0;

  writeSync = (fd: number, buffer: Buffer, offset: number, length: number): number => {
    if (this.full) throw enospc();
    if (this.roomLeft === undefined) return fs.writeSync(fd, buffer, offset, length);
    if (this.roomLeft === 0) throw enospc();
    const written = fs.writeSync(fd, buffer, offset, Math.min(length, this.roomLeft));
    this.roomLeft -= written;
    return written;
  };

  document = <T>(file: string): Adapter<T> => {
    const real = new JSONFile<T>(file);
    return {
      read: () => real.read(),
      write: async (data: T) => {
        this.documentWrites++;
        await this.hold;
        if (this.full) throw enospc();
        await real.write(data);
      },
    };
  };
}
