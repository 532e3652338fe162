import { maskPersonalData } from "../privacy/mask.ts";
import { newPendingToken } from "./codes.ts";
import type { PendingQuestion } from "./model.ts";

/** How long a question shown for confirmation can still be sent. */
export const PENDING_TTL_MS = 30 * 60_000;

/** A cap on held previews, so a flood of refusals cannot grow memory without bound. */
const MAX_PENDING = 5000;

/**
 * Questions offered for hand-off but not yet sent: masked at once, held in memory only under a
 * random token (the button data), and forgotten after `PENDING_TTL_MS`. No user id is needed: the
 * token itself is the capability, and it only ever appears in the asker's own chat.
 */
export class PendingQuestions {
  readonly #items = new Map<string, PendingQuestion>();

  constructor(private readonly now: () => Date) {}

  /** Masks and holds a question; returns what the asker will be shown. */
  hold(text: string, followUpOf?: string): PendingQuestion {
    this.sweep();
    if (this.#items.size >= MAX_PENDING) this.#items.delete(this.#items.keys().next().value as string);
    const { text: question, masked } = maskPersonalData(text.trim());
    const pending: PendingQuestion = { token: newPendingToken(), question, masked, createdAt: this.now().getTime(), ...(followUpOf ? { followUpOf } : {}) };
    this.#items.set(pending.token, pending);
    return pending;
  }

  /** The live pending question for a token, or undefined when unknown or expired. */
  get(token: string): PendingQuestion | undefined {
    const pending = this.#items.get(token);
    if (pending && this.now().getTime() - pending.createdAt > PENDING_TTL_MS) {
      this.#items.delete(token);
      return undefined;
    }
    return pending;
  }

  /** Takes the question out (sent or cancelled): a second press cannot send it twice. */
  take(token: string): PendingQuestion | undefined {
    const pending = this.get(token);
    this.#items.delete(token);
    return pending;
  }

  /** Puts a taken question back when sending failed, so the asker can retry. */
  restore(pending: PendingQuestion): void {
    this.#items.set(pending.token, pending);
  }

  sweep(): void {
    const oldest = this.now().getTime() - PENDING_TTL_MS;
    for (const [token, pending] of this.#items) if (pending.createdAt < oldest) this.#items.delete(token);
  }

  get size(): number {
    return this.#items.size;
  }
}
