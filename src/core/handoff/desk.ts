import type { Verdict } from "../knowledge/types.ts";
import { RateLimiter } from "../reports/limiter.ts";
import type { StateSecret } from "../reports/state-secret.ts";
import type { Records, SharedStore } from "../../storage/shared-store.ts";
import { newQuestionCode } from "./codes.ts";
import type { LinkSealer } from "./link-seal.ts";
import type { ClosedReason, Handoff, PendingQuestion } from "./model.ts";
import { PendingQuestions } from "./pending.ts";

/** Hand-offs one person may send per hour: plenty for a real asker, a brake on flooding the experts. */
export const HANDOFFS_PER_HOUR = 5;

const DAY_MS = 24 * 3600_000;

export type HandoffDeskOptions = {
  store: SharedStore;
  /** The instances' shared secret: the opaque key of an asker for the hourly limit. */
  secret: StateSecret;
  now: () => Date;
  sealer: LinkSealer;
  /** Days a link to an unanswered asker is kept (`HANDOFF_LINK_DAYS`). */
  linkDays: number;
  /** Hours before the experts are reminded of an unanswered question (`HANDOFF_REMIND_HOURS`). */
  remindHours: number;
  /** Days the texts are kept (`QUESTION_RETENTION_DAYS`). */
  retentionDays: number;
};

/**
 * The questions handed to the experts' chat: pending previews (expiring), stored hand-offs with
 * their sealed link back to the asker, and the decisions of upkeep (who to remind, which links
 * expire, which records are past retention). No Telegram API here; the bot layer sends.
 */
export class HandoffDesk {
  readonly pending: PendingQuestions;
  /** Per-person counter for the hourly limit (shared by the instances), keyed by a keyed hash, never an id. */
  readonly submissions: RateLimiter;
  readonly linkDays: number;
  readonly #secret: StateSecret;
  readonly #records: Records<Handoff>;
  readonly #now: () => Date;
  readonly #sealer: LinkSealer;
  readonly #remindMs: number;
  readonly #retentionDays: number;

  constructor(options: HandoffDeskOptions) {
    this.#records = options.store.records<Handoff>("handoffs");
    this.#secret = options.secret;
    this.#now = options.now;
    this.#sealer = options.sealer;
    this.linkDays = options.linkDays;
    this.#remindMs = options.remindHours * 3600_000;
    this.#retentionDays = options.retentionDays;
    this.pending = new PendingQuestions(options.store, options.now);
    this.submissions = new RateLimiter(options.store, "handoffs-sent", HANDOFFS_PER_HOUR, 3600_000, options.now);
  }

  /** The opaque key of an asker for the hourly limit (the id itself is never kept). */
  keyOf(userId: number): string {
    return this.#secret.keyOf("handoff", userId);
  }

  get(code: string): Promise<Handoff | undefined> {
    return this.#records.get(code);
  }

  /** Stores a confirmed question with the sealed link to `chatId`; the id itself is not kept. */
  async submit(pending: PendingQuestion, chatId: number): Promise<Handoff> {
    for (;;) {
      const handoff = this.#newHandoff(newQuestionCode(), pending, chatId);
      // A taken code (another instance may have just drawn it) is simply drawn again.
      if (await this.#records.insert(handoff.code, handoff)) return handoff;
    }
  }

  #newHandoff(code: string, pending: PendingQuestion, chatId: number): Handoff {
    return {
      code,
      question: pending.question,
      askedAt: this.#now().toISOString(),
      link: this.#sealer.seal(code, chatId),
      ...(pending.followUpOf ? { followUpOf: pending.followUpOf } : {}),
    };
  }

  /** Forgets a hand-off that never reached the experts (the asker is told to try again). */
  async discard(code: string): Promise<void> {
    await this.#records.delete(code);
  }

  /** Remembers the bot's message in the experts' chat, the one experts reply to. */
  async attachExpertMessage(code: string, messageId: number): Promise<void> {
    await this.#update(code, () => ({ expertMessageId: messageId }));
  }

  /** Remembers a later bot message about the hand-off (reminder, notice), so replies to it reach it too. */
  async linkNotice(code: string, messageId: number): Promise<void> {
    await this.#update(code, (handoff) => ({ noticeIds: [...(handoff.noticeIds ?? []), messageId] }));
  }

  /** The hand-off that the experts' chat message `messageId` is about (the question or a notice). */
  async byExpertMessage(messageId: number): Promise<Handoff | undefined> {
    return (await this.all()).find((h) => h.expertMessageId === messageId || h.noticeIds?.includes(messageId));
  }

  /** Where to deliver the answer: the asker's chat id, only while the link is live and intact. */
  async recipient(code: string): Promise<number | undefined> {
    const handoff = await this.#records.get(code);
    return handoff?.link && !handoff.closed ? this.#sealer.open(code, handoff.link) : undefined;
  }

  /** Closes a hand-off and deletes its link: answered, expired, or the asker cannot be reached. */
  async close(code: string, reason: ClosedReason, answer?: string): Promise<Handoff | undefined> {
    const closedAt = this.#now().toISOString();
    const { value, changed } = await this.#records.update(code, (handoff) => {
      if (!handoff) return undefined;
      const { link: _dropped, ...rest } = handoff;
      return { ...rest, closed: reason, closedAt, ...(answer !== undefined ? { answer } : {}) };
    });
    return changed ? value : undefined;
  }

  /** Open hand-offs, oldest first (the queue the experts work through). */
  async open(): Promise<Handoff[]> {
    return (await this.all())
      .filter((h) => !h.closed)
      .sort((a, b) => a.askedAt.localeCompare(b.askedAt));
  }

  /** Open hand-offs past the reminder time that have not been reminded yet. */
  async dueReminders(): Promise<Handoff[]> {
    const cutoff = this.#now().getTime() - this.#remindMs;
    return (await this.open()).filter((h) => !h.remindedAt && h.expertMessageId !== undefined && Date.parse(h.askedAt) <= cutoff);
  }

  async markReminded(code: string): Promise<void> {
    const remindedAt = this.#now().toISOString();
    await this.#update(code, () => ({ remindedAt }));
  }

  /** Open hand-offs whose link is older than `linkDays`: to be told and closed as expired. */
  async expiring(): Promise<Handoff[]> {
    const cutoff = this.#now().getTime() - this.linkDays * DAY_MS;
    return (await this.open()).filter((h) => Date.parse(h.askedAt) <= cutoff);
  }

  /** Records a draft request under an answered hand-off. */
  setDraft(code: string, verdict: Verdict): Promise<Handoff | undefined> {
    const at = this.#now().toISOString();
    return this.#update(code, () => ({ draft: { verdict, at } }));
  }

  /** Drops a draft once a maintainer has made it an entry (or decided against it). */
  async clearDraft(code: string): Promise<boolean> {
    const { changed } = await this.#records.update(code, (handoff) => {
      if (!handoff?.draft) return undefined;
      const { draft: _done, ...rest } = handoff;
      return rest;
    });
    return changed;
  }

  /** Answered hand-offs with a draft, newest first. */
  async drafts(): Promise<Handoff[]> {
    return (await this.all())
      .filter((h) => h.draft && h.answer)
      .sort((a, b) => b.draft!.at.localeCompare(a.draft!.at));
  }

  /** Every stored hand-off, for finding similar questions already asked. */
  async all(): Promise<Handoff[]> {
    return (await this.#records.list()).map(([, handoff]) => handoff);
  }

  /** Deletes hand-offs (texts, drafts) older than the retention period; returns how many. */
  async purge(): Promise<number> {
    const cutoff = new Date(this.#now().getTime() - this.#retentionDays * DAY_MS).toISOString();
    let count = 0;
    for (const [code, handoff] of await this.#records.list()) {
      if (handoff.askedAt < cutoff && (await this.#records.delete(code))) count++;
    }
    return count;
  }

  /** One atomic change of a stored hand-off (instances may act on the same one). */
  async #update(code: string, patch: (handoff: Handoff) => Partial<Handoff>): Promise<Handoff | undefined> {
    const { value, changed } = await this.#records.update(code, (handoff) => handoff && { ...handoff, ...patch(handoff) });
    return changed ? value : undefined;
  }
}
