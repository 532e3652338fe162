import type { Previous } from "./answerer.ts";

/** How long a follow-up ("kalau cuma like?") is read in the light of the previous answer. */
export const FOLLOWUP_TTL_MS = 10 * 60 * 1000;

/** More chats than this at once and the oldest are forgotten first (memory stays bounded). */
const MAX_CHATS = 10_000;

/**
 * What each chat last asked about, held in memory only (never stored) for a few minutes, so a
 * short follow-up can be understood. The clock is injected so tests control expiry.
 */
export class Conversations {
  readonly #last = new Map<string, Previous & { at: number }>();

  constructor(readonly now: () => Date) {}

  remember(chat: string, previous: Previous): void {
    this.#last.delete(chat);
    this.#last.set(chat, { ...previous, at: this.now().getTime() });
    if (this.#last.size > MAX_CHATS) this.#last.delete(this.#last.keys().next().value as string);
  }

  recall(chat: string): Previous | undefined {
    const last = this.#last.get(chat);
    if (!last) return undefined;
    if (this.now().getTime() - last.at > FOLLOWUP_TTL_MS) {
      this.#last.delete(chat);
      return undefined;
    }
    return last;
  }
}
