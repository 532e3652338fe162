import type { CategoryId, Evidence, ReportContent } from "./model.ts";

/** A report being written is forgotten after this much silence (it lives in memory only). */
export const DRAFT_TTL_MS = 30 * 60_000;

/** Each report holds at most this many pieces of evidence; more is better sent as one document. */
export const MAX_EVIDENCE = 10;

/** The order a reporter is asked in; `confirm` shows the summary with Kirim/Batal. */
export const STEPS = ["category", "what", "who", "where", "when", "evidence", "confirm"] as const;
export type DraftStep = (typeof STEPS)[number];

/**
 * The steps answered with free text, and how long each answer may be: together with the links
 * the whole report must fit one Telegram message (4096 characters) in the reviewer chat.
 */
export const TEXT_LIMITS = { what: 2000, who: 200, where: 150, when: 100 } as const;
export type TextStep = keyof typeof TEXT_LIMITS;

/** Steps a reporter may leave empty: the person, place and time may be unknown, evidence is optional. */
const SKIPPABLE: readonly DraftStep[] = ["who", "where", "when", "evidence"];

/**
 * Where a piece of evidence sits in the reporter's chat. Needed once, to copy it to the reviewer
 * chat when the report is sent; it names the reporter's chat, so it never leaves the draft.
 */
export type CopySource = { chatId: number; messageId: number };

/** Evidence while drafting: what will be stored, plus how to copy it at submission. */
export type DraftEvidence = { evidence: Evidence; source?: CopySource };

/** A report being written: in memory only, keyed by an anonymous key. */
export type Draft = {
  kind: "draft";
  step: DraftStep;
  category?: CategoryId;
  what?: string;
  who?: string;
  where?: string;
  when?: string;
  evidence: DraftEvidence[];
  /** Which of the reporter's messages gave each text answer, so editing that message revises it. */
  answeredIn?: Partial<Record<TextStep, number>>;
};

/** Why an input did not move the draft on; the bot turns each into a clear message. */
export type DraftProblem = "wrong_step" | "empty" | "too_long" | "too_many";

export type DraftResult = { ok: true; step: DraftStep } | { ok: false; problem: DraftProblem };

/** A fresh draft at the category question. */
export function newDraft(): Draft {
  return { kind: "draft", step: "category", evidence: [] };
}

function advance(draft: Draft): DraftResult {
  draft.step = STEPS[STEPS.indexOf(draft.step) + 1] ?? "confirm";
  return { ok: true, step: draft.step };
}

/** Narrows a step to the ones answered with text. */
export function isTextStep(step: DraftStep): step is TextStep {
  return Object.hasOwn(TEXT_LIMITS, step);
}

/** The category button. */
export function chooseCategory(draft: Draft, category: CategoryId): DraftResult {
  if (draft.step !== "category") return { ok: false, problem: "wrong_step" };
  draft.category = category;
  return advance(draft);
}

function checkText(step: TextStep, text: string): { ok: true; value: string } | { ok: false; problem: DraftProblem } {
  const value = text.trim();
  if (value === "") return { ok: false, problem: "empty" };
  if ([...value].length > TEXT_LIMITS[step]) return { ok: false, problem: "too_long" };
  return { ok: true, value };
}

/** A text answer to the current question (what, who, where, when), from message `messageId`. */
export function answerText(draft: Draft, text: string, messageId?: number): DraftResult {
  const step = draft.step;
  if (!isTextStep(step)) return { ok: false, problem: "wrong_step" };
  const checked = checkText(step, text);
  if (!checked.ok) return checked;
  draft[step] = checked.value;
  if (messageId !== undefined) draft.answeredIn = { ...draft.answeredIn, [step]: messageId };
  return advance(draft);
}

/** What an edit of one of the reporter's messages did to the draft. */
export type Revision = { ok: true; step: TextStep } | { ok: false; problem: DraftProblem; step: TextStep } | { ok: false; problem: "not_an_answer" };

/**
 * The reporter edited a message: if it answered a question, the answer becomes the edited text
 * (checked like a new one); anything else (a caption, a link) is not taken from edits.
 */
export function reviseAnswer(draft: Draft, messageId: number, text: string): Revision {
  const step = (Object.keys(draft.answeredIn ?? {}) as TextStep[]).find((s) => draft.answeredIn?.[s] === messageId);
  if (!step) return { ok: false, problem: "not_an_answer" };
  const checked = checkText(step, text);
  if (!checked.ok) return { ...checked, step };
  draft[step] = checked.value;
  return { ok: true, step };
}

/** "Lewati"/"Selesai": leaves an optional answer empty, or ends the evidence step. */
export function skipStep(draft: Draft): DraftResult {
  if (!SKIPPABLE.includes(draft.step)) return { ok: false, problem: "wrong_step" };
  return advance(draft);
}

/** One more photo, document or link, during the evidence step. */
export function addEvidence(draft: Draft, item: DraftEvidence): DraftResult {
  if (draft.step !== "evidence") return { ok: false, problem: "wrong_step" };
  if (draft.evidence.length >= MAX_EVIDENCE) return { ok: false, problem: "too_many" };
  draft.evidence.push(item);
  return { ok: true, step: draft.step };
}

/** The links in a text, as evidence; empty when there are none. */
export function linksIn(text: string): Evidence[] {
  return [...new Set(text.match(/\b(?:https?:\/\/|www\.)[^\s<>"]+/gi) ?? [])].map((url) => ({ kind: "link", url: url.replace(/[.,;:!?)\]]+$/, "") }));
}

/** What will be stored once the reporter presses Kirim; undefined while the draft is incomplete. */
export function draftContent(draft: Draft): { category: CategoryId; content: ReportContent } | undefined {
  if (draft.step !== "confirm" || !draft.category || !draft.what) return undefined;
  const { what, who, where, when } = draft;
  return { category: draft.category, content: { what, who, where, when, evidence: draft.evidence.map((e) => e.evidence) } };
}
