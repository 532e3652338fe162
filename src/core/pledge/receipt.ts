import { randomInt } from "node:crypto";

/** No I, O, 0 or 1: receipts are read aloud and typed from paper, where those get confused. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const PREFIX = "IKR";
const BODY_LENGTH = 8;

/**
 * A new receipt code like `IKR-7K3M-9Q2X`: 40 random bits, so codes cannot be guessed to walk
 * through other people's pledges with /verifikasi. Callers retry on the (rare) collision.
 */
export function newReceiptCode(): string {
  const body = Array.from({ length: BODY_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${PREFIX}-${body.slice(0, 4)}-${body.slice(4)}`;
}

/**
 * The canonical code for what someone typed ("ikr 7k3m9q2x", "7K3M-9Q2X"), or undefined when it
 * cannot be a receipt at all, so the reply can say "wrong format" rather than "not found".
 */
export function parseReceiptCode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s\-–.]/g, "");
  const body = compact.startsWith(PREFIX) && compact.length === PREFIX.length + BODY_LENGTH ? compact.slice(PREFIX.length) : compact;
  if (body.length !== BODY_LENGTH || [...body].some((c) => !ALPHABET.includes(c))) return undefined;
  return `${PREFIX}-${body.slice(0, 4)}-${body.slice(4)}`;
}
