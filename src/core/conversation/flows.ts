import type { Collection } from "../../storage/store.ts";
import { AnonymousKeys } from "../reports/codes.ts";

/** How long text from someone who touched a report flow stays out of every log of texts. */
export const CONFIDENTIAL_MS = 24 * 3600_000;

/**
 * A report draft lives in memory only, so after a crash the bot cannot tell who was writing one.
 * While a draft may have been open (this long after the last confidential activity, rounded up
 * to `QUIET_ROUNDING_MS` so the stored time says little), no private text is kept after a start.
 */
export const STARTUP_QUIET_MS = 30 * 60_000;
const QUIET_ROUNDING_MS = 10 * 60_000;
const QUIET_KEY = "quiet-until";

type Flow = { close: (chatId: number) => boolean; confidential: boolean };

/**
 * One conversation per person: the flows that take free text in a private chat (pledge form,
 * report draft, `/cek` follow-up, and whatever comes later) register here, and starting one
 * closes every other, so an answer can only land in the flow the person last chose.
 *
 * It also remembers, in memory and under a salted hash only, which chats recently touched a
 * confidential flow (reports): their free text must never be kept by another feature, such as
 * the unanswered-questions log, even once the report flow itself has ended or expired.
 */
export class ActiveFlows {
  readonly #flows = new Map<string, Flow>();
  readonly #confidential = new Map<string, number>();
  readonly #keys = new AnonymousKeys();
  /** Until when the previous process may have had a report draft open (no identity, one time). */
  readonly #quietAfterStart: number;
  #quietUntil: number;

  constructor(
    private readonly now: () => Date,
    private readonly marks: Collection<number>,
  ) {
    this.#quietAfterStart = this.#quietUntil = marks.get(QUIET_KEY) ?? 0;
  }

  /**
   * Declares a flow: `close` ends it for a chat and says whether one was open. A confidential
   * flow's chats are kept out of text logs for `CONFIDENTIAL_MS` after their last activity.
   */
  register(name: string, close: (chatId: number) => boolean, options: { confidential?: boolean } = {}): void {
    this.#flows.set(name, { close, confidential: options.confidential ?? false });
  }

  /** Starting `name` in a chat closes every other flow there; returns the names that were open. */
  begin(chatId: number, name: string): string[] {
    const flow = this.#flows.get(name);
    if (!flow) throw new Error(`unknown flow ${name}`);
    if (flow.confidential) this.touch(chatId);
    return [...this.#flows].filter(([other, { close }]) => other !== name && close(chatId)).map(([other]) => other);
  }

  /** Activity in a confidential flow (a draft answer, a `/cek`, a follow-up). */
  touch(chatId: number): void {
    const now = this.now().getTime();
    this.#confidential.set(this.#keys.of(chatId), now);
    const until = Math.ceil((now + STARTUP_QUIET_MS) / QUIET_ROUNDING_MS) * QUIET_ROUNDING_MS;
    if (until > this.#quietUntil) this.marks.set(QUIET_KEY, (this.#quietUntil = until));
  }

  /**
   * Whether a free text from this chat may be kept (e.g. as an unanswered question): never from a
   * chat that was in a confidential flow in the last day, nor from any private chat after a
   * start while a report draft may have been lost with the old process.
   */
  mayKeepText(chatId: number): boolean {
    const now = this.now().getTime();
    if (chatId > 0 && now < this.#quietAfterStart) return false;
    const key = this.#keys.of(chatId);
    const last = this.#confidential.get(key);
    if (last === undefined) return true;
    if (now - last < CONFIDENTIAL_MS) return false;
    this.#confidential.delete(key);
    return true;
  }

  /** Forgets confidential marks older than a day; run periodically. */
  sweep(): void {
    const now = this.now().getTime();
    for (const [key, at] of [...this.#confidential]) if (now - at >= CONFIDENTIAL_MS) this.#confidential.delete(key);
  }
}
