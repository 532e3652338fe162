import { sodium } from "./sodium.ts";

/** An X25519 key pair in standard base64: the public half goes in `REPORT_PUBLIC_KEY`. */
export type ReportKeyPair = { publicKey: string; secretKey: string };

const B64 = () => sodium.base64_variants.ORIGINAL;

/** Thrown when a key is not a 32-byte X25519 key in base64; the message is for the operator. */
export class ReportKeyError extends Error {
  override name = "ReportKeyError";
}

function decodeKey(base64: string, what: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = sodium.from_base64(base64.trim(), B64());
  } catch {
    throw new ReportKeyError(`${what} bukan base64 yang valid`);
  }
  if (bytes.length !== sodium.crypto_box_PUBLICKEYBYTES) throw new ReportKeyError(`${what} harus ${sodium.crypto_box_PUBLICKEYBYTES} byte, bukan ${bytes.length}`);
  return bytes;
}

/** A new key pair for `npm run reports -- keygen`. */
export function generateReportKeyPair(): ReportKeyPair {
  const pair = sodium.crypto_box_keypair();
  return { publicKey: sodium.to_base64(pair.publicKey, B64()), secretKey: sodium.to_base64(pair.privateKey, B64()) };
}

/**
 * Seals with the deployment's public key (`crypto_box_seal`): anonymous sender, and once sealed
 * only the holder of the offline secret key can read it — not the bot, not whoever copies the disk.
 */
export class Sealer {
  readonly #publicKey: Uint8Array;

  constructor(publicKeyBase64: string) {
    this.#publicKey = decodeKey(publicKeyBase64, "REPORT_PUBLIC_KEY");
  }

  /** Any JSON value to a base64 box. */
  seal(value: unknown): string {
    return sodium.to_base64(sodium.crypto_box_seal(JSON.stringify(value), this.#publicKey), B64());
  }
}

/** Opens boxes made by `Sealer`, offline, with the secret key; the public half is derived from it. */
export class Opener {
  readonly #publicKey: Uint8Array;
  readonly #secretKey: Uint8Array;

  constructor(secretKeyBase64: string) {
    this.#secretKey = decodeKey(secretKeyBase64, "kunci rahasia");
    this.#publicKey = sodium.crypto_scalarmult_base(this.#secretKey);
  }

  /** The public key this secret key opens, to check it matches `REPORT_PUBLIC_KEY`. */
  get publicKey(): string {
    return sodium.to_base64(this.#publicKey, B64());
  }

  /** The sealed JSON value, or throws if the box was sealed for another key or damaged. */
  open<T>(sealed: string): T {
    const plain = sodium.crypto_box_seal_open(sodium.from_base64(sealed, B64()), this.#publicKey, this.#secretKey);
    return JSON.parse(sodium.to_string(plain)) as T;
  }
}
