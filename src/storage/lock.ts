import fs from "node:fs";
import path from "node:path";
import { StorageError } from "./store.ts";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the data directory's lock file. Two processes writing one lowdb file corrupt it, so a
 * second bot on the same `DATA_DIR` is refused; a lock left by a dead process is taken over.
 * Returns the function that releases it.
 */
export function acquireLock(dataDir: string): () => void {
  const file = path.join(dataDir, ".lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(file, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new StorageError(`DATA_DIR ${dataDir} sedang dipakai proses lain (pid ${owner}); hentikan proses itu atau pakai DATA_DIR lain`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new StorageError(`tidak dapat mengunci DATA_DIR ${dataDir}`);
}
