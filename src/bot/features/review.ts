import { Composer, InlineKeyboard, InputFile, type Api } from "grammy";
import type { Logger } from "pino";
import type { Message } from "grammy/types";
import { TEXT_LIMITS, type CopySource, type DraftEvidence } from "../../core/reports/draft.ts";
import { categoryLabel, formatDateTime, isOpen, isStatus, STATUSES, TRANSITIONS, type CategoryId, type Evidence, type ReportContent, type ReportStatus, type StoredReport, type ThreadText } from "../../core/reports/model.ts";
import type { BotContext } from "../context.ts";
import { describeError } from "../errors.ts";
import { callbackData, clip, escapeHtml, MAX_MESSAGE_LENGTH } from "../format/html.ts";
import { linkedLabel } from "../format/message-link.ts";
import { isAdmin, isMemberOf } from "../guards.ts";

/** How each evidence kind is named to people. */
const EVIDENCE_LABELS: Record<Evidence["kind"], string> = { photo: "foto", document: "dokumen", video: "video", audio: "audio", voice: "rekaman suara", link: "tautan" };

/** The status buttons' labels; reopening a closed case reads differently from accepting a new one. */
const ACTION_LABELS: Record<ReportStatus, string> = { baru: "Baru", diterima: "✅ Terima", ditindaklanjuti: "🔎 Tindak lanjuti", selesai: "🏁 Selesai", ditolak: "⛔ Tolak" };

/** Telegram's caption limit, with room for our label. */
const CAPTION_TEXT = 900;

/** Reported links are not previewed: a preview card would bury the report under someone else's page. */
export const NO_PREVIEW = { is_disabled: true } as const;

/** "2 foto, 1 dokumen, 1 tautan" */
function evidenceSummary(evidence: Evidence[]): string {
  if (evidence.length === 0) return "tidak ada";
  const counts = new Map<string, number>();
  for (const e of evidence) counts.set(EVIDENCE_LABELS[e.kind], (counts.get(EVIDENCE_LABELS[e.kind]) ?? 0) + 1);
  return [...counts].map(([label, n]) => `${n} ${label}`).join(", ");
}

/** Characters of links shown in one report message, so the whole stays under Telegram's limit. */
const LINK_BUDGET = 1000;

/** Link evidence as bullet lines, as many as fit the budget. */
function linkLines(evidence: Evidence[]): string[] {
  const urls = evidence.flatMap((e) => (e.kind === "link" ? [e.url] : []));
  const lines: string[] = [];
  let used = 0;
  for (const url of urls) {
    const shown = clip(url, LINK_BUDGET);
    if (used + shown.length > LINK_BUDGET) break;
    used += shown.length;
    lines.push(`• ${escapeHtml(shown)}`);
  }
  if (lines.length < urls.length) lines.push(`• … dan ${urls.length - lines.length} tautan lainnya`);
  return lines;
}

/**
 * The report's fields as HTML lines, shared by the reporter's summary and the reviewer chat so
 * both read the same. Every value is the reporter's text, so every value is escaped.
 */
export function describeReport(category: CategoryId, content: ReportContent): string {
  const field = (label: string, value: string | undefined) => `${label}: ${value ? escapeHtml(value) : "<i>(tidak diisi)</i>"}`;
  return [
    `Kategori: ${escapeHtml(categoryLabel(category))}`,
    field("Terlapor", content.who),
    field("Lokasi", content.where),
    field("Waktu kejadian", content.when),
    "",
    `<b>Kejadian</b>\n${escapeHtml(content.what)}`,
    "",
    `Bukti: ${evidenceSummary(content.evidence)}`,
    ...linkLines(content.evidence),
  ].join("\n");
}

/** The status buttons a report shows now. */
function statusKeyboard(report: StoredReport): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const next of TRANSITIONS[report.status]) {
    const label = next === "diterima" && !isOpen(report.status) ? "↩️ Buka kembali" : ACTION_LABELS[next];
    keyboard.text(label, callbackData("rv", report.id, next));
  }
  return keyboard;
}

/** A reply inside the reviewer chat to the report's first message, so the discussion stays threaded. */
function underReport(report: StoredReport) {
  const first = report.reviewerMessageIds[0];
  return first === undefined ? undefined : { message_id: first, allow_sending_without_reply: true };
}

/** The caption put on each copied piece of evidence. */
function evidenceCaption(label: string, caption: string | undefined): string {
  return caption ? `${label}\n${escapeHtml(clip(caption, CAPTION_TEXT))}` : label;
}

/**
 * Copies a reporter's media into the reviewer chat. A copy carries no sender; the reporter's chat
 * is named only to Telegram in this one call and is not stored anywhere.
 */
async function copyEvidence(ctx: BotContext, evidence: Evidence | undefined, source: CopySource, caption: string, replyTo: ReturnType<typeof underReport>): Promise<number> {
  if (evidence?.kind === "document") return resendDocument(ctx, evidence.fileId, caption, replyTo);
  const copy = await ctx.api.copyMessage(ctx.deps.config.reviewerChatId!, source.chatId, source.messageId, { caption, parse_mode: "HTML", reply_parameters: replyTo });
  return copy.message_id;
}

/** What a resent document is called: "bukti" and the original extension (which names no one). */
function neutralName(filePath: string | undefined): string {
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(filePath ?? "")?.[0] ?? "";
  return `bukti${extension.toLowerCase()}`;
}

/**
 * A document keeps its file name through `copyMessage`, and names like "Laporan_Budi_Santoso.pdf"
 * or "IMG_from_my_phone" point to the reporter. So it is downloaded and uploaded again as
 * "bukti.<ext>" (Telegram lets bots download files up to 20 MB; a larger one fails and the
 * reviewers get a note instead). The file's contents are the reporter's: the notice warns them.
 */
async function resendDocument(ctx: BotContext, fileId: string, caption: string, replyTo: ReturnType<typeof underReport>): Promise<number> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new Error("Telegram gave no file path for the document");
  const response = await fetch(`${ctx.deps.config.apiRoot}/file/bot${ctx.api.token}/${file.file_path}`);
  if (!response.ok) throw new Error(`document download failed (${response.status})`);
  const content = new Uint8Array(await response.arrayBuffer());
  const sent = await ctx.api.sendDocument(ctx.deps.config.reviewerChatId!, new InputFile(content, neutralName(file.file_path)), { caption, parse_mode: "HTML", reply_parameters: replyTo });
  return sent.message_id;
}

/** Copies each piece of media evidence under the report; one that fails is replaced by a note. */
async function copyAllEvidence(ctx: BotContext, reportId: string, evidence: DraftEvidence[], replyTo: ReturnType<typeof underReport>): Promise<number[]> {
  const media = evidence.filter((e): e is DraftEvidence & { source: CopySource } => e.source !== undefined);
  const ids: number[] = [];
  for (const [i, { evidence: item, source }] of media.entries()) {
    const label = `📎 Bukti ${i + 1}/${media.length} · ${reportId}`;
    try {
      ids.push(await copyEvidence(ctx, item, source, evidenceCaption(label, item.kind === "link" ? undefined : item.caption), replyTo));
    } catch (error) {
      ctx.deps.logger.warn({ ...describeError(error), report: reportId }, "evidence copy failed");
      const note = await ctx.api.sendMessage(ctx.deps.config.reviewerChatId!, `⚠️ ${label}: tidak dapat disalin (mungkin sudah dihapus pelapor).`, { reply_parameters: replyTo });
      ids.push(note.message_id);
    }
  }
  return ids;
}

/**
 * Sends a new report to the reviewer chat (text and buttons, then each evidence copy as a reply)
 * and remembers the message ids. Failures are logged without content: the report is stored and
 * the reporter has the receipt whatever happens here.
 */
export async function relayNewReport(ctx: BotContext, report: StoredReport, content: ReportContent, evidence: DraftEvidence[]): Promise<void> {
  const { reviewerChatId } = ctx.deps.config;
  const { repository } = ctx.deps.reports;
  if (reviewerChatId === undefined) return;
  try {
    const text = `🚨 <b>Laporan baru ${report.id}</b>\n${describeReport(report.category, content)}\n\n<i>Balas pesan ini untuk menulis kepada pelapor; pelapor membacanya lewat /cek. Bot tidak mengetahui siapa pelapornya.</i>`;
    const sent = await ctx.api.sendMessage(reviewerChatId, text, { parse_mode: "HTML", reply_markup: statusKeyboard(report), link_preview_options: NO_PREVIEW });
    repository.linkReviewerMessages(report.id, [sent.message_id]);
    const replyTo = { message_id: sent.message_id, allow_sending_without_reply: true };
    repository.linkReviewerMessages(report.id, await copyAllEvidence(ctx, report.id, evidence, replyTo));
  } catch (error) {
    ctx.deps.logger.warn({ ...describeError(error), report: report.id }, "report could not be sent to the reviewer chat");
  }
}

/**
 * Brings a reporter's follow-up (text, or media copied from their chat) to the reviewer chat as a
 * reply to the report. A failure is logged without content (the message is stored anyway).
 */
export async function relayReporterMessage(ctx: BotContext, report: StoredReport, message: ThreadText, source?: CopySource): Promise<void> {
  const { reviewerChatId } = ctx.deps.config;
  if (reviewerChatId === undefined) return;
  const replyTo = underReport(report);
  const label = `💬 <b>Pesan dari pelapor · ${report.id}</b>`;
  try {
    const sent = source
      ? await copyEvidence(ctx, message.evidence?.[0], source, evidenceCaption(label, message.text), replyTo)
      : (await ctx.api.sendMessage(reviewerChatId, `${label}\n${escapeHtml(message.text)}`, { parse_mode: "HTML", reply_parameters: replyTo, link_preview_options: NO_PREVIEW })).message_id;
    ctx.deps.reports.repository.linkReviewerMessages(report.id, [sent]);
  } catch (error) {
    ctx.deps.logger.warn({ ...describeError(error), report: report.id }, "follow-up could not be sent to the reviewer chat");
  }
}

/** Telegram deletes at most this many messages per `deleteMessages` call. */
const DELETE_BATCH = 100;

/**
 * When reports leave storage, their messages in the reviewer chat (report, evidence copies,
 * follow-ups, notices) go too, as far as Telegram allows: a bot may delete messages only for 48
 * hours after they were sent, so older ones stay until the reviewers delete them (the README
 * says so and suggests the chat's auto-delete timer). Failures are expected and only logged.
 */
export async function deleteReviewerCopies(api: Api, reviewerChatId: number | undefined, reports: StoredReport[], logger: Logger): Promise<void> {
  if (reviewerChatId === undefined) return;
  const ids = reports.flatMap((r) => [...r.reviewerMessageIds, ...r.rejectPromptIds]);
  for (let start = 0; start < ids.length; start += DELETE_BATCH) {
    await api.deleteMessages(reviewerChatId, ids.slice(start, start + DELETE_BATCH)).catch((error: unknown) => logger.debug(describeError(error), "reviewer-chat copies not deleted (older than Telegram allows?)"));
  }
}

/**
 * Members of the reviewer chat and the configured admins may act on reports. Asked of Telegram
 * at each press, so someone removed from the group loses the right at once.
 */
async function isReviewer(ctx: BotContext): Promise<boolean> {
  const { reviewerChatId } = ctx.deps.config;
  if (isAdmin(ctx)) return true;
  return reviewerChatId !== undefined && isMemberOf(ctx, reviewerChatId);
}

/** The name of the reviewer who acted, for the team's own record in its chat (never stored). */
function actorName(ctx: BotContext): string {
  return ctx.from ? escapeHtml(clip(ctx.from.first_name, 40)) : "tim";
}

/** Posts a short notice under the report and links it, so replies to it also reach the thread. */
async function noticeUnderReport(ctx: BotContext, report: StoredReport, html: string): Promise<void> {
  const chatId = ctx.deps.config.reviewerChatId!;
  const sent = await ctx.api.sendMessage(chatId, html, { parse_mode: "HTML", reply_parameters: underReport(report) });
  ctx.deps.reports.repository.linkReviewerMessages(report.id, [sent.message_id]);
}

/** Shows the new buttons on the report's message after a status change. */
async function refreshButtons(ctx: BotContext, report: StoredReport): Promise<void> {
  const first = report.reviewerMessageIds[0];
  if (first === undefined) return;
  try {
    await ctx.api.editMessageReplyMarkup(ctx.deps.config.reviewerChatId!, first, { reply_markup: statusKeyboard(report) });
  } catch (error) {
    ctx.deps.logger.debug(describeError(error), "status buttons not updated");
  }
}

/** Applies a status change and tells the team; the reporter sees it at their next `/cek`. */
async function changeStatus(ctx: BotContext, id: string, status: ReportStatus): Promise<{ ok: boolean; text: string }> {
  const change = ctx.deps.reports.repository.setStatus(id, status);
  if (!change.ok) {
    return { ok: false, text: change.problem === "not_found" ? "Laporan ini sudah tidak ada (mungkin terhapus masa simpan)." : `Status laporan ini sudah ${STATUSES[change.current!]}.` };
  }
  await refreshButtons(ctx, change.report);
  await noticeUnderReport(ctx, change.report, `🔄 ${change.report.id}: status menjadi <b>${STATUSES[status]}</b> (oleh ${actorName(ctx)}).`);
  return { ok: true, text: `Status: ${STATUSES[status]}` };
}

/** A press on "Tolak": the reason is asked first, and the status changes when it arrives. */
async function askRejectionReason(ctx: BotContext, report: StoredReport): Promise<string> {
  const prompt = await ctx.api.sendMessage(ctx.deps.config.reviewerChatId!, `⛔ Alasan penolakan ${report.id}: <b>balas pesan ini</b> dengan alasannya. Pelapor dapat membaca alasan ini lewat /cek.`, {
    parse_mode: "HTML",
    reply_parameters: underReport(report),
    reply_markup: { force_reply: true, input_field_placeholder: "Alasan penolakan" },
  });
  ctx.deps.reports.repository.linkRejectPrompt(report.id, prompt.message_id);
  return "Tulis alasan penolakan dengan membalas pesan bot.";
}

/** A status button: membership is checked with Telegram first, rejection asks for a reason. */
async function onStatusButton(ctx: BotContext, id: string, status: string): Promise<void> {
  const { repository } = ctx.deps.reports;
  if (ctx.chat?.id !== ctx.deps.config.reviewerChatId || !isStatus(status)) {
    await ctx.answerCallbackQuery({ text: "Tombol ini hanya berlaku di grup tim peninjau." });
    return;
  }
  if (!(await isReviewer(ctx))) {
    await ctx.answerCallbackQuery({ text: "Maaf, hanya anggota tim peninjau yang dapat mengubah status laporan.", show_alert: true });
    return;
  }
  const report = repository.get(id);
  if (status === "ditolak" && report && TRANSITIONS[report.status].includes("ditolak")) {
    await ctx.answerCallbackQuery({ text: await askRejectionReason(ctx, report) });
    return;
  }
  await ctx.answerCallbackQuery({ text: (await changeStatus(ctx, id, status)).text });
}

/** A reply in the reviewer chat to one of a report's messages: a message for the reporter, or a rejection reason. */
async function onReviewerReply(ctx: BotContext, next: () => Promise<void>): Promise<void> {
  const message = ctx.message as Message;
  const repliedTo = message.reply_to_message?.message_id;
  const link = repliedTo === undefined ? undefined : ctx.deps.reports.repository.byReviewerMessage(repliedTo);
  if (!link || message.text?.startsWith("/")) return next();
  const { report, rejectPrompt } = link;
  const text = message.text?.trim();
  const reply = (html: string) => ctx.reply(html, { parse_mode: "HTML", reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } });
  if (!text) {
    await reply("Hanya pesan teks yang dapat disampaikan kepada pelapor.");
    return;
  }
  if ([...text].length > TEXT_LIMITS.what) {
    await reply(`Pesan terlalu panjang (${[...text].length} karakter); paling banyak ${TEXT_LIMITS.what}. Mohon ringkas lalu kirim lagi.`);
    return;
  }
  if (rejectPrompt) {
    const outcome = await changeStatus(ctx, report.id, "ditolak");
    if (!outcome.ok) {
      await reply(escapeHtml(outcome.text));
      return;
    }
    ctx.deps.reports.repository.appendThread(report.id, "peninjau", { text: `Laporan ditolak. Alasan: ${text}` });
    await reply(`Alasan penolakan ${report.id} disimpan; pelapor dapat membacanya lewat /cek.`);
    return;
  }
  ctx.deps.reports.repository.appendThread(report.id, "peninjau", { text });
  await reply(`✉️ Pesan disimpan untuk pelapor ${report.id}. Pelapor membacanya lewat /cek; bot tidak dapat mengirimnya langsung karena tidak mengetahui siapa pelapornya.`);
}

/** `/laporan`: open reports grouped by status, newest first, within one message. */
function openReportsList(ctx: BotContext): string {
  const { repository } = ctx.deps.reports;
  const chatId = ctx.deps.config.reviewerChatId!;
  const reports = repository.list();
  const open = reports.filter((r) => isOpen(r.status));
  const closed = reports.length - open.length;
  if (open.length === 0) return `Tidak ada laporan terbuka.${closed ? ` (${closed} laporan selesai/ditolak masih tersimpan.)` : ""}`;
  const lines = [`📋 <b>Laporan terbuka (${open.length})</b>`];
  let shown = 0;
  for (const status of ["baru", "diterima", "ditindaklanjuti"] as const) {
    const group = open.filter((r) => r.status === status);
    if (group.length === 0) continue;
    lines.push("", `<b>${STATUSES[status]}</b> (${group.length})`);
    for (const r of group) {
      const id = linkedLabel(chatId, r.reviewerMessageIds[0], r.id);
      const line = `• ${id} · ${escapeHtml(categoryLabel(r.category))} · ${formatDateTime(r.createdAt)} · ${r.thread.length} pesan`;
      if (lines.join("\n").length + line.length > MAX_MESSAGE_LENGTH - 200) break;
      lines.push(line);
      shown++;
    }
  }
  if (shown < open.length) lines.push("", `… dan ${open.length - shown} laporan lainnya.`);
  if (closed) lines.push("", `${closed} laporan selesai/ditolak tidak ditampilkan.`);
  return lines.join("\n");
}

/**
 * The reviewer chat (`REVIEWER_CHAT_ID`): status buttons, replies that become messages for the
 * reporter, and `/laporan`. The team never learns who reported; the reporter never learns who
 * reviewed.
 */
export const reviewFeature = new Composer<BotContext>();

reviewFeature.callbackQuery(/^rv:(L-[0-9A-Z]{6}):([a-z]+)$/, (ctx) => onStatusButton(ctx, ctx.match[1] ?? "", ctx.match[2] ?? ""));

const reviewerChat = reviewFeature.filter((ctx) => ctx.deps.config.reviewerChatId !== undefined && ctx.chat?.id === ctx.deps.config.reviewerChatId);

reviewerChat.command("laporan", async (ctx) => {
  ctx.deps.reports.purge();
  await ctx.reply(openReportsList(ctx), { parse_mode: "HTML", link_preview_options: NO_PREVIEW });
});

// Anyone who can post in the reviewer chat is in it, so replies need no membership check.
reviewerChat.on("message", onReviewerReply);

reviewFeature.command("laporan", async (ctx, next) => {
  if (!isAdmin(ctx)) return next();
  await ctx.reply("Perintah /laporan dipakai di grup tim peninjau (REVIEWER_CHAT_ID).");
});
