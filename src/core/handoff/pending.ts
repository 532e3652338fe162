import type { ExpiringRecords, SharedStore } from "../../storage/shared-store.ts";
import { maskPersonalData } from "../privacy/mask.ts";
import { newPendingToken } from "./codes.ts";
import type { PendingQuestion } from "./model.ts";

/** How long a question shown for confirmation can still be sent. */
export const PENDING_TTL_MS = 30 * 60_000;

/**
 * Questions offered for hand-off but not yet sent: masked at once, held under a random token
 * (the button data) in the shared store with an expiry, so "Kirim" works on whichever instance
 * gets it, and forgotten after `PENDING_TTL_MS`. No user id is needed: the token itself is the
 * capability, and it only ever appears in the asker's own chat.
 */
export class PendingQuestions {
  readonly #items: ExpiringRecords<PendingQuestion>;

  constructor(
    store: SharedStore,
    private readonly now: () => Date,
  ) {
    this.#items = store.expiring<PendingQuestion>("handoff-pending");
  }

  /** Masks and holds a question; returns what the asker will be shown. */
  async hold(text: string, followUpOf?: string): Promise<PendingQuestion> {
    const { text: question, masked } = maskPersonalData(text.trim());
    const pending: PendingQuestion = { token: newPendingToken(), question, masked, createdAt: this.now().getTime(), ...(followUpOf ? { followUpOf } : {}) };
    await this.#items.set(pending.token, pending, PENDING_TTL_MS);
    return pending;
  }

  /** The live pending question for a token, or undefined when unknown or expired. */
  get(token: string): Promise<PendingQuestion | undefined> {
    return this.#items.get(token);
  }

  /** Takes the question out (sent or cancelled): a second press, on any instance, cannot send it twice. */
  async take(token: string): Promise<PendingQuestion | undefined> {
    const pending = await this.#items.get(token);
    return pending && (await this.#items.delete(token)) ? pending : undefined;
  }

  /** Puts a taken question back when sending failed, so the asker can retry. */
  async restore(pending: PendingQuestion): Promise<void> {
    await this.#items.set(pending.token, pending, Math.max(1, pending.createdAt + PENDING_TTL_MS - this.now().getTime()));
  }
}
