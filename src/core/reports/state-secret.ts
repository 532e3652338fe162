import { sodium } from "./sodium.ts";

/**
 * The secret the bot instances share (`STATE_SECRET`) for what they keep about a person in
 * flight: a keyed hash turns a Telegram id into an opaque key, and a secret box seals a report
 * draft at rest. Two keys are derived from it, so neither use can help attack the other. Without
 * the variable (a single lowdb instance) a random secret per process keeps today's behaviour:
 * nothing in flight can be linked to a person after the process ends.
 */
export class StateSecret {
  readonly #hashKey: Uint8Array;
  readonly #boxKey: Uint8Array;

  constructor(secret: string | Uint8Array = sodium.randombytes_buf(32)) {
    const root = sodium.crypto_generichash(32, secret, null);
    this.#hashKey = sodium.crypto_generichash(32, "asn-netral/anonymous-key", root);
    this.#boxKey = sodium.crypto_generichash(sodium.crypto_secretbox_KEYBYTES, "asn-netral/sealed-state", root);
  }

  /** The opaque key of one user id within a purpose ("report", "cek"). */
  keyOf(purpose: string, userId: number | string): string {
    return sodium.to_hex(sodium.crypto_generichash(16, `${purpose}:${userId}`, this.#hashKey));
  }

  /** Seals a JSON value (random nonce prepended), base64. */
  seal(value: unknown): string {
    const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
    const box = sodium.crypto_secretbox_easy(JSON.stringify(value), nonce, this.#boxKey);
    const joined = new Uint8Array(nonce.length + box.length);
    joined.set(nonce);
    joined.set(box, nonce.length);
    return sodium.to_base64(joined, sodium.base64_variants.ORIGINAL);
  }

  /** Opens what `seal` made; undefined when it was sealed with another secret or altered. */
  open<T>(sealed: string): T | undefined {
    try {
      const joined = sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL);
      const nonce = joined.subarray(0, sodium.crypto_secretbox_NONCEBYTES);
      const text = sodium.crypto_secretbox_open_easy(joined.subarray(sodium.crypto_secretbox_NONCEBYTES), nonce, this.#boxKey, "text");
      return JSON.parse(text) as T;
    } catch {
      return undefined;
    }
  }
}
