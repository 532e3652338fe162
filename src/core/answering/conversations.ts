import type { ExpiringRecords, SharedStore } from "../../storage/shared-store.ts";
import type { StateSecret } from "../reports/state-secret.ts";
import type { Entry } from "../knowledge/types.ts";
import type { Previous } from "./answerer.ts";

/** What is kept: the entry by id (the knowledge base may be reloaded meanwhile) and the terms. */
type Stored = { entry: string; terms: string[] };

/** How long a follow-up ("kalau cuma like?") is read in the light of the previous answer. */
export const FOLLOWUP_TTL_MS = 10 * 60 * 1000;

/**
 * What each chat last asked about, for a few minutes, so a short follow-up can be understood on
 * whichever instance it reaches: in the shared store with an expiry, under a keyed hash of the
 * chat (`STATE_SECRET`), never the ids.
 */
export class Conversations {
  readonly #last: ExpiringRecords<Stored>;

  constructor(
    store: SharedStore,
    private readonly secret: StateSecret,
    private readonly entry: (id: string) => Entry | undefined,
  ) {
    this.#last = store.expiring<Stored>("followups");
  }

  async remember(chat: string, previous: Previous): Promise<void> {
    await this.#last.set(this.secret.keyOf("followup", chat), { entry: previous.entry.id, terms: previous.terms }, FOLLOWUP_TTL_MS);
  }

  async recall(chat: string): Promise<Previous | undefined> {
    const stored = await this.#last.get(this.secret.keyOf("followup", chat));
    const entry = stored && this.entry(stored.entry);
    return entry && { entry, terms: stored.terms };
  }
}
