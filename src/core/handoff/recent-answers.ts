import { sodium } from "../reports/sodium.ts";
import { maskPersonalData } from "../privacy/mask.ts";

/** How long a 👎 can still say which question it was about. */
const REMEMBER_MS = 24 * 3600_000;
const MAX_REMEMBERED = 5000;

/**
 * Which question each recent answer message answered, so a 👎 on it can keep "this question got
 * this answer" and offer the same question to the experts. In memory only, masked, for a day;
 * keyed by a salted hash of chat and message (the salt dies with the process), never by the ids.
 */
export class RecentAnswers {
  readonly #salt = sodium.randombytes_buf(sodium.crypto_generichash_KEYBYTES);
  readonly #items = new Map<string, { question: string; at: number }>();

  constructor(private readonly now: () => Date) {}

  #key(chatId: number, messageId: number): string {
    return sodium.to_hex(sodium.crypto_generichash(16, `${chatId}:${messageId}`, this.#salt));
  }

  remember(chatId: number, messageId: number, question: string): void {
    const now = this.now().getTime();
    for (const [key, item] of this.#items) {
      if (item.at > now - REMEMBER_MS && this.#items.size < MAX_REMEMBERED) break;
      this.#items.delete(key);
    }
    this.#items.set(this.#key(chatId, messageId), { question: maskPersonalData(question).text, at: now });
  }

  /** The masked question answered by that message, if still remembered. */
  recall(chatId: number, messageId: number): string | undefined {
    const item = this.#items.get(this.#key(chatId, messageId));
    return item && item.at > this.now().getTime() - REMEMBER_MS ? item.question : undefined;
  }
}
