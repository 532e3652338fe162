import fs from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";
import { StorageError } from "./store.ts";
import { storageFailure } from "./io.ts";

/** The lock lives inside the data directory, so it travels with the data it protects. */
const LOCK_NAME = "asn-netral.lock";
/** The file the PID-based lock of earlier versions left; it means nothing now. */
const LEGACY_LOCK = ".lock";

export type LockOptions = {
  /** A holder that stopped refreshing the lock this long ago is dead (crashed, killed). */
  staleMs?: number;
  /** How long a start waits for a dead holder's lock to go stale before giving up. */
  waitMs?: number;
};

const DEFAULT_STALE_MS = 10_000;

/**
 * Takes the data directory's lock with `proper-lockfile`: an atomic `mkdir` whose holder keeps
 * refreshing its time stamp. Two processes writing one lowdb file corrupt it, so a second bot on
 * the same `DATA_DIR` is refused, and two simultaneous starts cannot both get it. No PID is
 * involved: a crashed holder (even PID 1 in a container, which is always "alive") stops
 * refreshing, so its lock goes stale and the next start takes it after waiting a few seconds.
 * Returns the function that releases it.
 */
export async function acquireLock(dataDir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const waitMs = options.waitMs ?? staleMs * 1.5;
  try {
    fs.rmSync(path.join(dataDir, LEGACY_LOCK), { force: true });
    return await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, LOCK_NAME),
      realpath: false,
      stale: staleMs,
      retries: { retries: Math.ceil(waitMs / 500), minTimeout: 500, maxTimeout: 500, factor: 1 },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new StorageError(`DATA_DIR ${dataDir} sedang dipakai proses lain; hentikan proses itu atau pakai DATA_DIR lain`);
    }
    throw storageFailure(error, `DATA_DIR ${dataDir}`);
  }
}
