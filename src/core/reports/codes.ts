import { sodium } from "./sodium.ts";

/**
 * Crockford's base32 alphabet: no I, L, O or U, so a code copied by hand from a phone screen
 * cannot be misread. 32 symbols = 5 bits each.
 */
export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 12 symbols × 5 bits = 60 bits: guessing one of even a million live codes takes ~2^40 tries. */
export const CODE_LENGTH = 12;

/** Short report ids only need to be unique among the reports kept (30 bits). */
const SHORT_ID_LENGTH = 6;

/** `length` random symbols of the code alphabet (also used for hand-off codes and tokens). */
export function randomSymbols(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[sodium.randombytes_uniform(CODE_ALPHABET.length)];
  return out;
}

/** A fresh receipt code, grouped XXXX-XXXX-XXXX so it is easy to copy and read back. */
export function newReceiptCode(): string {
  return randomSymbols(CODE_LENGTH).match(/.{4}/g)!.join("-");
}

/**
 * A report's id for the reviewer chat ("L-7K3QPX"). Random rather than sequential so it does
 * not reveal how many reports came before or after, and it is unrelated to the receipt code.
 */
export function newShortId(): string {
  return `L-${randomSymbols(SHORT_ID_LENGTH)}`;
}

/**
 * What a reporter typed, as the canonical code, or undefined if it cannot be one. Case, spaces,
 * dashes and the usual look-alikes (O→0, I/L→1) are forgiven, as Crockford intends.
 */
export function normalizeCode(input: string): string | undefined {
  const symbols = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (symbols.length !== CODE_LENGTH || [...symbols].some((c) => !CODE_ALPHABET.includes(c))) return undefined;
  return symbols.match(/.{4}/g)!.join("-");
}

/**
 * The stored form of a receipt code: BLAKE2b keyed with this deployment's pepper, so the codes
 * cannot be checked against the stored hashes with a copy of the data alone from another
 * deployment or a precomputed table.
 */
export function hashCode(code: string, pepper: Uint8Array): string {
  return sodium.to_hex(sodium.crypto_generichash(32, code, pepper));
}

/** A random key for keyed hashes (pepper on disk, salt in memory). */
export function newHashKey(): Uint8Array {
  return sodium.randombytes_buf(sodium.crypto_generichash_KEYBYTES);
}

/**
 * Turns a Telegram user id into an opaque key for in-memory counters and drafts. The salt lives
 * only in memory and changes at every start, so even a memory dump cannot be matched to an id
 * without brute force, and nothing links two runs.
 */
export class AnonymousKeys {
  readonly #salt = newHashKey();

  /** The opaque key for one user id. */
  of(userId: number): string {
    return sodium.to_hex(sodium.crypto_generichash(16, String(userId), this.#salt));
  }
}
