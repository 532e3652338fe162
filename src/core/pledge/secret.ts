import { createHmac } from "node:crypto";
import { readOrCreateSecret } from "../privacy/secret-file.ts";

/** Where a generated key lives when `PLEDGE_SECRET` is not set. */
export const SECRET_FILE = "pledge-secret";

/**
 * The key for hashing NIPs: `PLEDGE_SECRET` if configured, else a random key generated once into
 * `DATA_DIR/pledge-secret` (mode 0600) and reused on every start. It must never change for a data
 * directory: with a new key, stored hashes no longer match and duplicates go undetected.
 */
export function resolvePledgeSecret(configured: string | undefined, dataDir: string): string {
  return configured ?? readOrCreateSecret(dataDir, SECRET_FILE);
}

/**
 * A keyed hash of a normalised NIP (HMAC-SHA256). NIPs are structured (birth date, TMT, serial), so a
 * plain hash could be reversed by trying every plausible number; without the key it cannot, and a
 * leaked data file does not reveal NIPs.
 */
export function hashNip(secret: string, nip: string): string {
  return createHmac("sha256", secret).update(nip).digest("hex");
}
