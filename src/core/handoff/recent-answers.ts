import type { ExpiringRecords, SharedStore } from "../../storage/shared-store.ts";
import type { StateSecret } from "../reports/state-secret.ts";
import { maskPersonalData } from "../privacy/mask.ts";

/** How long a 👎 can still say which question it was about. */
const REMEMBER_MS = 24 * 3600_000;

/**
 * Which question each recent answer message answered, so a 👎 on it (on any instance) can keep
 * "this question got this answer" and offer the same question to the experts. Masked, for a day,
 * in the shared store under a keyed hash of chat and message (`STATE_SECRET`), never the ids.
 */
export class RecentAnswers {
  readonly #items: ExpiringRecords<string>;

  constructor(
    store: SharedStore,
    private readonly secret: StateSecret,
  ) {
    this.#items = store.expiring<string>("recent-answers");
  }

  #key(chatId: number, messageId: number): string {
    return this.secret.keyOf("answer", `${chatId}:${messageId}`);
  }

  async remember(chatId: number, messageId: number, question: string): Promise<void> {
    await this.#items.set(this.#key(chatId, messageId), maskPersonalData(question).text, REMEMBER_MS);
  }

  /** The masked question answered by that message, if still remembered. */
  recall(chatId: number, messageId: number): Promise<string | undefined> {
    return this.#items.get(this.#key(chatId, messageId));
  }
}
