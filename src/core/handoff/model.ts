import type { Verdict } from "../knowledge/types.ts";

/** Why a hand-off is no longer open. */
export type ClosedReason = "answered" | "expired" | "undeliverable" | "withdrawn";

/**
 * A question handed to the experts' chat, as stored. Nothing here names the asker: the text is
 * masked before it is kept, and the only way back to them is `link`, sealed (see `LinkSealer`)
 * and deleted as soon as the answer is delivered or the link expires.
 */
export type Handoff = {
  /** Short code shown to the asker and the experts ("T-7K3QPX"). */
  code: string;
  /** The question as sent to the experts, with NIP/phone/e-mail masked. */
  question: string;
  askedAt: string;
  /** The earlier question this one follows up, so the experts see the thread. */
  followUpOf?: string;
  /** The bot's message in the experts' chat; a reply to it is the answer. */
  expertMessageId?: number;
  /** The bot's later messages about it there (reminder, delivery notice): replies to them count too. */
  noticeIds?: number[];
  /** The sealed asker chat id; present only while an answer can still be delivered. */
  link?: string;
  remindedAt?: string;
  closed?: ClosedReason;
  closedAt?: string;
  /** The experts' answer as delivered (text only, no expert name). */
  answer?: string;
  /** A knowledge-entry draft requested under the answer, with the verdict chosen by button. */
  draft?: { verdict: Verdict; at: string };
};

/** A question the asker is looking at before sending: held in memory only, under a random token. */
export type PendingQuestion = { token: string; question: string; masked: boolean; followUpOf?: string; createdAt: number };
