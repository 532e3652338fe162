import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Where a generated key lives when `PLEDGE_SECRET` is not set. */
export const SECRET_FILE = "pledge-secret";

/**
 * The key for hashing NIPs: `PLEDGE_SECRET` if configured, else a random key generated once into
 * `DATA_DIR/pledge-secret` (mode 0600) and reused on every start. It must never change for a data
 * directory: with a new key, stored hashes no longer match and duplicates go undetected.
 */
export function resolvePledgeSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, SECRET_FILE);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  // "wx": never overwrite a key another process wrote meanwhile; the mode keeps other users out.
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}

/**
 * A keyed hash of a normalised NIP (HMAC-SHA256). NIPs are structured (birth date, TMT, serial), so a
 * plain hash could be reversed by trying every plausible number; without the key it cannot, and a
 * leaked data file does not reveal NIPs.
 */
export function hashNip(secret: string, nip: string): string {
  return createHmac("sha256", secret).update(nip).digest("hex");
}
