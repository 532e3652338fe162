import type { Verdict } from "../knowledge/types.ts";
import { AnonymousKeys } from "../reports/codes.ts";
import { RateLimiter } from "../reports/limiter.ts";
import type { Collection, Store } from "../../storage/store.ts";
import { newQuestionCode } from "./codes.ts";
import type { LinkSealer } from "./link-seal.ts";
import type { ClosedReason, Handoff, PendingQuestion } from "./model.ts";
import { PendingQuestions } from "./pending.ts";

/** Hand-offs one person may send per hour: plenty for a real asker, a brake on flooding the experts. */
export const HANDOFFS_PER_HOUR = 5;

const DAY_MS = 24 * 3600_000;

export type HandoffDeskOptions = {
  store: Store;
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
 * The questions handed to the experts' chat: pending previews in memory, stored hand-offs with
 * their sealed link back to the asker, and the decisions of upkeep (who to remind, which links
 * expire, which records are past retention). No Telegram API here; the bot layer sends.
 */
export class HandoffDesk {
  readonly pending: PendingQuestions;
  /** Per-person counter for the hourly limit, keyed by an in-memory salted hash, never an id. */
  readonly submissions: RateLimiter;
  readonly anonymous = new AnonymousKeys();
  readonly linkDays: number;
  readonly #records: Collection<Handoff>;
  readonly #now: () => Date;
  readonly #sealer: LinkSealer;
  readonly #remindMs: number;
  readonly #retentionDays: number;

  constructor(options: HandoffDeskOptions) {
    this.#records = options.store.collection<Handoff>("handoffs");
    this.#now = options.now;
    this.#sealer = options.sealer;
    this.linkDays = options.linkDays;
    this.#remindMs = options.remindHours * 3600_000;
    this.#retentionDays = options.retentionDays;
    this.pending = new PendingQuestions(options.now);
    this.submissions = new RateLimiter(HANDOFFS_PER_HOUR, 3600_000, options.now);
  }

  get(code: string): Handoff | undefined {
    return this.#records.get(code);
  }

  /** Stores a confirmed question with the sealed link to `chatId`; the id itself is not kept. */
  submit(pending: PendingQuestion, chatId: number): Handoff {
    let code = newQuestionCode();
    while (this.#records.has(code)) code = newQuestionCode();
    const handoff: Handoff = {
      code,
      question: pending.question,
      askedAt: this.#now().toISOString(),
      link: this.#sealer.seal(code, chatId),
      ...(pending.followUpOf ? { followUpOf: pending.followUpOf } : {}),
    };
    this.#records.set(code, handoff);
    return handoff;
  }

  /** Forgets a hand-off that never reached the experts (the asker is told to try again). */
  discard(code: string): void {
    this.#records.delete(code);
  }

  /** Remembers the bot's message in the experts' chat, the one experts reply to. */
  attachExpertMessage(code: string, messageId: number): void {
    this.#update(code, { expertMessageId: messageId });
  }

  /** Remembers a later bot message about the hand-off (reminder, notice), so replies to it reach it too. */
  linkNotice(code: string, messageId: number): void {
    const handoff = this.#records.get(code);
    if (handoff) this.#update(code, { noticeIds: [...(handoff.noticeIds ?? []), messageId] });
  }

  /** The hand-off that the experts' chat message `messageId` is about (the question or a notice). */
  byExpertMessage(messageId: number): Handoff | undefined {
    return this.#records.values().find((h) => h.expertMessageId === messageId || h.noticeIds?.includes(messageId));
  }

  /** Where to deliver the answer: the asker's chat id, only while the link is live and intact. */
  recipient(code: string): number | undefined {
    const handoff = this.#records.get(code);
    return handoff?.link && !handoff.closed ? this.#sealer.open(code, handoff.link) : undefined;
  }

  /** Closes a hand-off and deletes its link: answered, expired, or the asker cannot be reached. */
  close(code: string, reason: ClosedReason, answer?: string): Handoff | undefined {
    const handoff = this.#records.get(code);
    if (!handoff) return undefined;
    const { link: _dropped, ...rest } = handoff;
    const closed: Handoff = { ...rest, closed: reason, closedAt: this.#now().toISOString(), ...(answer !== undefined ? { answer } : {}) };
    this.#records.set(code, closed);
    return closed;
  }

  /** Open hand-offs, oldest first (the queue the experts work through). */
  open(): Handoff[] {
    return this.#records
      .values()
      .filter((h) => !h.closed)
      .sort((a, b) => a.askedAt.localeCompare(b.askedAt));
  }

  /** Open hand-offs past the reminder time that have not been reminded yet. */
  dueReminders(): Handoff[] {
    const cutoff = this.#now().getTime() - this.#remindMs;
    return this.open().filter((h) => !h.remindedAt && h.expertMessageId !== undefined && Date.parse(h.askedAt) <= cutoff);
  }

  markReminded(code: string): void {
    this.#update(code, { remindedAt: this.#now().toISOString() });
  }

  /** Open hand-offs whose link is older than `linkDays`: to be told and closed as expired. */
  expiring(): Handoff[] {
    const cutoff = this.#now().getTime() - this.linkDays * DAY_MS;
    return this.open().filter((h) => Date.parse(h.askedAt) <= cutoff);
  }

  /** Records a draft request under an answered hand-off. */
  setDraft(code: string, verdict: Verdict): Handoff | undefined {
    return this.#update(code, { draft: { verdict, at: this.#now().toISOString() } });
  }

  /** Drops a draft once a maintainer has made it an entry (or decided against it). */
  clearDraft(code: string): boolean {
    const handoff = this.#records.get(code);
    if (!handoff?.draft) return false;
    const { draft: _done, ...rest } = handoff;
    this.#records.set(code, rest);
    return true;
  }

  /** Answered hand-offs with a draft, newest first. */
  drafts(): Handoff[] {
    return this.#records
      .values()
      .filter((h) => h.draft && h.answer)
      .sort((a, b) => b.draft!.at.localeCompare(a.draft!.at));
  }

  /** Every stored hand-off, for finding similar questions already asked. */
  all(): Handoff[] {
    return this.#records.values();
  }

  /** Deletes hand-offs (texts, drafts) older than the retention period; returns how many. */
  purge(): number {
    const cutoff = new Date(this.#now().getTime() - this.#retentionDays * DAY_MS).toISOString();
    let count = 0;
    for (const [code, handoff] of this.#records.entries()) {
      if (handoff.askedAt < cutoff && this.#records.delete(code)) count++;
    }
    return count;
  }

  #update(code: string, patch: Partial<Handoff>): Handoff | undefined {
    const handoff = this.#records.get(code);
    if (!handoff) return undefined;
    const updated = { ...handoff, ...patch };
    this.#records.set(code, updated);
    return updated;
  }
}
