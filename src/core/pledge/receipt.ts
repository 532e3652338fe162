import { randomInt } from "node:crypto";

/** No I, O, 0 or 1: receipts are read aloud and typed from paper, where those get confused. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const PREFIX = "IKR";
/** 12 symbols × 5 bits = 60 bits. */
const BODY_LENGTH = 12;
/** Receipts issued before codes grew to 60 bits stay valid. */
const LEGACY_BODY_LENGTH = 8;

/**
 * A new receipt code like `IKR-7K3M-9Q2X-4HWD`: 60 random bits, so that even with many pledges
 * stored, guessing codes to walk through other people's pledges with /verifikasi (which is also
 * throttled) is hopeless. Callers retry on the (rare) collision.
 */
export function newReceiptCode(): string {
  const body = Array.from({ length: BODY_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${PREFIX}-${body.match(/.{4}/g)!.join("-")}`;
}

/**
 * The canonical code for what someone typed ("ikr 7k3m9q2x4hwd", "7K3M-9Q2X-4HWD"), or undefined
 * when it cannot be a receipt at all, so the reply can say "wrong format" rather than "not found".
 */
export function parseReceiptCode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s\-–.]/g, "");
  const body = compact.startsWith(PREFIX) && [BODY_LENGTH, LEGACY_BODY_LENGTH].includes(compact.length - PREFIX.length) ? compact.slice(PREFIX.length) : compact;
  if (![BODY_LENGTH, LEGACY_BODY_LENGTH].includes(body.length) || [...body].some((c) => !ALPHABET.includes(c))) return undefined;
  return `${PREFIX}-${body.match(/.{4}/g)!.join("-")}`;
}
