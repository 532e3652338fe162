import type { ExpiringRecords, Records, SharedStore } from "../../storage/shared-store.ts";
import type { StateSecret } from "../reports/state-secret.ts";

/** How long text from someone who touched a report flow stays out of every log of texts. */
export const CONFIDENTIAL_MS = 24 * 3600_000;

/**
 * A report draft may be lost with a process (lowdb keeps drafts in memory), so after a crash the
 * bot cannot tell who was writing one. While a draft may have been open (this long after the last
 * confidential activity, rounded up to `QUIET_ROUNDING_MS` so the stored time says little), no
 * private text is kept after a start.
 */
export const STARTUP_QUIET_MS = 30 * 60_000;
const QUIET_ROUNDING_MS = 10 * 60_000;
const QUIET_KEY = "quiet-until";

type Flow = { close: (chatId: number) => boolean | Promise<boolean>; confidential: boolean };

/**
 * One conversation per person: the flows that take free text in a private chat (pledge form,
 * report draft, `/cek` follow-up, and whatever comes later) register here, and starting one
 * closes every other, so an answer can only land in the flow the person last chose.
 *
 * It also remembers, in the shared store under a keyed hash only (so every instance knows), which
 * chats recently touched a confidential flow (reports): their free text must never be kept by
 * another feature, such as the unanswered-questions log, even once the report flow has ended.
 */
export class ActiveFlows {
  readonly #flows = new Map<string, Flow>();
  /** Until when the previous process may have had a report draft open (no identity, one time). */
  readonly #quietAfterStart: number;
  #quietUntil: number;

  private constructor(
    private readonly now: () => Date,
    private readonly marks: Records<number>,
    private readonly confidential: ExpiringRecords<number>,
    private readonly secret: StateSecret,
    quietUntil: number,
  ) {
    this.#quietAfterStart = this.#quietUntil = quietUntil;
  }

  static async open(now: () => Date, store: SharedStore, secret: StateSecret): Promise<ActiveFlows> {
    const marks = store.records<number>("flows");
    return new ActiveFlows(now, marks, store.expiring<number>("confidential-chats"), secret, (await marks.get(QUIET_KEY)) ?? 0);
  }

  /**
   * Declares a flow: `close` ends it for a chat and says whether one was open. A confidential
   * flow's chats are kept out of text logs for `CONFIDENTIAL_MS` after their last activity.
   */
  register(name: string, close: Flow["close"], options: { confidential?: boolean } = {}): void {
    this.#flows.set(name, { close, confidential: options.confidential ?? false });
  }

  /** Starting `name` in a chat closes every other flow there; returns the names that were open. */
  async begin(chatId: number, name: string): Promise<string[]> {
    const flow = this.#flows.get(name);
    if (!flow) throw new Error(`unknown flow ${name}`);
    if (flow.confidential) await this.touch(chatId);
    const closed: string[] = [];
    for (const [other, { close }] of this.#flows) if (other !== name && (await close(chatId))) closed.push(other);
    return closed;
  }

  /** Activity in a confidential flow (a draft answer, a `/cek`, a follow-up). */
  async touch(chatId: number): Promise<void> {
    const now = this.now().getTime();
    await this.confidential.set(this.#key(chatId), now, CONFIDENTIAL_MS);
    const until = Math.ceil((now + STARTUP_QUIET_MS) / QUIET_ROUNDING_MS) * QUIET_ROUNDING_MS;
    if (until > this.#quietUntil) await this.marks.set(QUIET_KEY, (this.#quietUntil = until));
  }

  /**
   * Whether a free text from this chat may be kept (e.g. as an unanswered question): never from a
   * chat that was in a confidential flow in the last day, nor from any private chat after a
   * start while a report draft may have been lost with the old process.
   */
  async mayKeepText(chatId: number): Promise<boolean> {
    if (chatId > 0 && this.now().getTime() < this.#quietAfterStart) return false;
    return (await this.confidential.get(this.#key(chatId))) === undefined;
  }

  #key(chatId: number): string {
    return this.secret.keyOf("confidential", chatId);
  }
}
