import type { ApiCall } from "./fake-telegram.ts";
import type { Harness, TestUser } from "./harness.ts";

/** The reviewers' private supergroup used by the report specs. */
export const REVIEWER_CHAT = -1001234567890;
export const reviewerChat = { id: REVIEWER_CHAT, type: "supergroup", title: "Tim Peninjau" };

/** A photo as Telegram delivers it: several sizes, the last the largest. */
export function photoMessage(fileId: string, caption?: string): Record<string, unknown> {
  return {
    photo: [
      { file_id: `${fileId}-small`, file_unique_id: `${fileId}-s`, width: 90, height: 90 },
      { file_id: fileId, file_unique_id: `${fileId}-l`, width: 1280, height: 960 },
    ],
    ...(caption ? { caption } : {}),
  };
}

/** A document ("sent as file"). */
export function documentMessage(fileId: string, fileName = "bukti.pdf"): Record<string, unknown> {
  return { document: { file_id: fileId, file_unique_id: `${fileId}-u`, file_name: fileName, mime_type: "application/pdf" } };
}

export type ReportInput = {
  category?: string;
  what?: string;
  who?: string;
  where?: string;
  when?: string;
  /** Media messages (photoMessage/documentMessage) and link texts sent at the evidence step. */
  evidence?: (Record<string, unknown> | string)[];
};

/** Answers a text step, or presses its "Lewati" button when there is no answer. */
async function answerOrSkip(h: Harness, user: TestUser, step: string, value: string | undefined): Promise<ApiCall> {
  return value === undefined ? h.click(user, `lp:lewati:${step}`) : h.ask(user, value);
}

/**
 * Walks `/lapor` to the receipt as a reporter would and waits until the bot is idle (the report
 * has reached the reviewer chat). Returns the receipt code and the calls along the way.
 */
export async function fileReport(h: Harness, user: TestUser, input: ReportInput = {}): Promise<{ code: string; notice: ApiCall; summary: ApiCall; receipt: ApiCall }> {
  const notice = await h.ask(user, "/lapor");
  await h.click(user, `lp:kat:${input.category ?? "medsos"}`);
  await h.ask(user, input.what ?? "Kepala dinas mengunggah dukungan untuk calon bupati di akun resmi dinas.");
  await answerOrSkip(h, user, "who", input.who);
  await answerOrSkip(h, user, "where", input.where);
  await answerOrSkip(h, user, "when", input.when);
  for (const item of input.evidence ?? []) {
    const before = typeof item === "string" ? h.send(user, item) : h.sendMessage(user, item);
    await h.next(before, "sendMessage", user.id);
  }
  const summary = await h.click(user, "lp:lewati:evidence");
  const receipt = await h.click(user, "lp:kirim");
  const code = /<code>([0-9A-Z-]+)<\/code>/.exec(String(receipt.payload.text))?.[1];
  if (!code) throw new Error(`no receipt code in: ${receipt.payload.text}`);
  await h.idle();
  return { code, notice, summary, receipt };
}

/** Calls addressed to the reviewer chat. */
export function reviewerCalls(h: Harness, after = 0): ApiCall[] {
  return h.fake.calls.slice(after).filter((c) => Number(c.payload.chat_id) === REVIEWER_CHAT);
}

/** A reply in the reviewer chat to the bot's message `messageId`. */
export function replyInReviewerChat(h: Harness, from: TestUser, messageId: number, text: string): number {
  return h.send(from, text, reviewerChat, { reply_to_message: { message_id: messageId, date: 0, chat: reviewerChat, from: h.fake.botInfo, text: "…" } });
}
