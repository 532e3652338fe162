import { sodium } from "../reports/sodium.ts";

const B64 = () => sodium.base64_variants.ORIGINAL;

/** Where the generated key lives when `HANDOFF_SECRET` is not set. */
export const HANDOFF_SECRET_FILE = "handoff-secret";

/**
 * The one piece of identity a hand-off needs: the asker's chat, to deliver the expert's answer.
 * It is sealed with libsodium's `crypto_secretbox` (XSalsa20-Poly1305, random nonce) under a key
 * derived from `HANDOFF_SECRET` (or a secret generated into the data folder), so a reader of
 * `db.json` alone — a backup, a copied file — sees opaque bytes and cannot list who asked what.
 *
 * Why a symmetric box and not the reports' public-key seal: the bot itself must open the link to
 * deliver the answer, unattended, so the key has to be on the server anyway. Keeping
 * `HANDOFF_SECRET` in the environment (not in `DATA_DIR`) is what keeps a full copy of the data
 * folder from opening the links; the README says so. The box also binds the link to its question
 * code, so a link copied onto another record does not open there: an answer cannot be redirected
 * by editing the data file.
 */
export class LinkSealer {
  readonly #key: Uint8Array;

  constructor(secret: string) {
    this.#key = sodium.crypto_generichash(sodium.crypto_secretbox_KEYBYTES, `asn-netral/handoff-link/${secret}`, null);
  }

  /** The asker's chat id for question `code`, as base64(nonce ‖ box). */
  seal(code: string, chatId: number): string {
    const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
    const box = sodium.crypto_secretbox_easy(JSON.stringify({ c: code, id: chatId }), nonce, this.#key);
    const out = new Uint8Array(nonce.length + box.length);
    out.set(nonce);
    out.set(box, nonce.length);
    return sodium.to_base64(out, B64());
  }

  /** The chat id sealed for `code`, or undefined if the link is damaged, foreign or for another code. */
  open(code: string, sealed: string): number | undefined {
    try {
      const bytes = sodium.from_base64(sealed, B64());
      const nonce = bytes.slice(0, sodium.crypto_secretbox_NONCEBYTES);
      const box = bytes.slice(sodium.crypto_secretbox_NONCEBYTES);
      const link = JSON.parse(sodium.to_string(sodium.crypto_secretbox_open_easy(box, nonce, this.#key))) as { c?: unknown; id?: unknown };
      return link.c === code && typeof link.id === "number" ? link.id : undefined;
    } catch {
      return undefined;
    }
  }
}
