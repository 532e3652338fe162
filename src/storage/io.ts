import fs from "node:fs";
import type { Adapter } from "lowdb";
import { JSONFile } from "lowdb/node";
import { StorageError } from "./store.ts";

/**
 * The writes storage makes, in one place so tests can make them fail the way a full or read-only
 * disk does (an error, or a write that stops short), without a real full disk.
 */
export type StorageIo = {
  /** `fs.writeSync`: may write fewer bytes than asked when the disk is nearly full. */
  writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => number;
  /** The adapter that reads and writes a JSON document (`db.json`). */
  document: <T>(file: string) => Adapter<T>;
};

export const nodeIo: StorageIo = {
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  document: <T>(file: string) => new JSONFile<T>(file),
};

/**
 * Writes the whole buffer or throws: `writeSync` may stop short under ENOSPC, and a short write
 * taken for success leaves half a record on disk.
 */
export function writeFully(io: StorageIo, fd: number, buffer: Buffer): void {
  for (let offset = 0; offset < buffer.length; ) {
    const written = io.writeSync(fd, buffer, offset, buffer.length - offset);
    if (written <= 0) throw Object.assign(new Error("no space left on device (short write)"), { code: "ENOSPC" });
    offset += written;
  }
}

/** Why a file operation failed, in the operator's words (Indonesian, one line). */
function reason(code: string | undefined): string {
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return "disk penuh";
    case "EROFS":
      return "sistem berkas hanya-baca";
    case "EACCES":
    case "EPERM":
      return "tidak ada izin menulis";
    default:
      return code ?? "kesalahan berkas";
  }
}

/** A file-system error as the `StorageError` the bot and `main` know how to report. */
export function storageFailure(error: unknown, what: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  return new StorageError(`${what} tidak dapat ditulis (${reason(code)}${code ? `, ${code}` : ""}); periksa ruang disk dan izin folder`);
}
