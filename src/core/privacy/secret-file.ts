import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * A deployment secret kept beside the data: read from `DATA_DIR/<name>` or, on first use,
 * generated (32 random bytes, base64url) into that file with mode 0600. Such a key must never
 * change for a data directory, so an existing file is never overwritten ("wx": not even by
 * another process racing this one).
 */
export function readOrCreateSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}
