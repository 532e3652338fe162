import { Composer, GrammyError, InlineKeyboard, type Api } from "grammy";
import type { Message } from "grammy/types";
import { QUESTION_CODE } from "../../core/handoff/codes.ts";
import type { Handoff } from "../../core/handoff/model.ts";
import type { Verdict } from "../../core/knowledge/types.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { describeError } from "../errors.ts";
import { VERDICT_LABEL } from "../format/answer.ts";
import { callbackData, clip, escapeHtml, MAX_MESSAGE_LENGTH } from "../format/html.ts";
import { linkedLabel } from "../format/message-link.ts";
import { isAdmin, isMemberOf } from "../guards.ts";

/** Room for the answer in the asker's message, after the heading, the question and the note. */
const MAX_ANSWER_LENGTH = 3000;

const VERDICTS = Object.keys(VERDICT_LABEL) as Verdict[];

/** "15 menit", "3 jam", "2 hari": how long a question has waited. */
function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} menit`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} jam` : `${Math.floor(hours / 24)} hari`;
}

/** The experts' answer as the asker reads it: marked as a staff answer, not a verified entry. */
function answerForAsker(handoff: Handoff, answer: string) {
  const text = [
    `👩‍💼 <b>Jawaban petugas</b> untuk pertanyaan <code>${handoff.code}</code>`,
    `<blockquote>${escapeHtml(clip(handoff.question, 300))}</blockquote>`,
    escapeHtml(answer),
    "",
    "<i>Ini jawaban petugas (BKPSDM/Inspektorat/Bawaslu), bukan entri basis pengetahuan yang sudah diverifikasi. Panduan umum, bukan nasihat hukum.</i>",
  ].join("\n");
  const reply_markup = new InlineKeyboard().text("💬 Tanya lanjutan", callbackData("ho", "f", handoff.code));
  return { text, reply_markup };
}

/** A reply in the experts' chat, threaded under the message it answers. */
function replyIn(ctx: BotContext, message: Message, html: string, reply_markup?: InlineKeyboard) {
  return ctx.reply(html, { parse_mode: "HTML", reply_markup, reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } });
}

/** Why a closed hand-off can no longer take an answer, for the expert who tried. */
function closedNote(ctx: BotContext, handoff: Handoff): string {
  if (handoff.closed === "answered") return `Jawaban untuk ${handoff.code} sudah terkirim dan tautan ke penanya sudah dihapus, jadi pesan ini tidak diteruskan. Penanya dapat mengirim pertanyaan lanjutan.`;
  if (handoff.closed === "withdrawn") return `Penanya sudah menarik pertanyaan ${handoff.code}; pesan ini tidak diteruskan.`;
  if (handoff.closed === "expired") return `Pertanyaan ${handoff.code} sudah kedaluwarsa (lebih dari ${ctx.deps.config.handoffLinkDays} hari) dan tautan ke penanya sudah dihapus; pesan ini tidak diteruskan.`;
  return `Penanya ${handoff.code} tidak dapat dihubungi lagi; tautannya sudah dihapus.`;
}

/**
 * Delivers an expert's answer to the asker through the sealed link, then deletes the link. A
 * blocked bot closes the hand-off (the asker cannot be reached); any other failure keeps it open
 * so the expert can simply reply again. The asker's chat id is used for this one call only.
 */
async function deliver(ctx: BotContext, message: Message, handoff: Handoff, answer: string): Promise<void> {
  const { handoff: desk, logger } = ctx.deps;
  const recipient = desk.recipient(handoff.code);
  if (recipient === undefined) {
    desk.close(handoff.code, "undeliverable");
    await replyIn(ctx, message, `Tautan ke penanya ${handoff.code} tidak dapat dibuka (rusak atau kunci berganti); jawaban tidak terkirim.`);
    return;
  }
  const { text, reply_markup } = answerForAsker(handoff, answer);
  try {
    await ctx.api.sendMessage(recipient, text, { parse_mode: "HTML", reply_markup, link_preview_options: { is_disabled: true } });
  } catch (error) {
    logger.warn({ ...describeError(error), handoff: handoff.code }, "expert answer not delivered");
    if (error instanceof GrammyError && error.error_code === 403) {
      desk.close(handoff.code, "undeliverable");
      await replyIn(ctx, message, `Penanya ${handoff.code} tidak dapat dihubungi (bot diblokir atau chat dihapus). Tautan ke penanya sudah dihapus.`);
    } else {
      await replyIn(ctx, message, `Jawaban untuk ${handoff.code} belum terkirim karena gangguan. Silakan balas pertanyaannya sekali lagi.`);
    }
    return;
  }
  desk.close(handoff.code, "answered", answer);
  logger.info({ handoff: handoff.code }, "expert answer delivered; link deleted");
  const keyboard = new InlineKeyboard().text("📚 Jadikan entri", callbackData("ex", "d", handoff.code));
  const notice = await replyIn(ctx, message, `✅ Jawaban untuk ${handoff.code} terkirim kepada penanya. Tautan ke penanya sudah dihapus.`, keyboard);
  desk.linkNotice(handoff.code, notice.message_id);
}

/**
 * A message in the experts' chat that replies to a hand-off question: the answer. Only members
 * of the chat may answer (asked of Telegram); anything else passes on or is ignored.
 */
async function onExpertReply(ctx: BotContext, next: () => Promise<void>): Promise<void> {
  const message = ctx.message as Message;
  const repliedTo = message.reply_to_message?.message_id;
  const handoff = repliedTo === undefined ? undefined : ctx.deps.handoff.byExpertMessage(repliedTo);
  if (!handoff || message.text?.startsWith("/")) return next();
  if (!(await isMemberOf(ctx, ctx.deps.config.expertChatId!))) return; // not an expert: ignored, not searched
  if (handoff.closed) return void (await replyIn(ctx, message, escapeHtml(closedNote(ctx, handoff))));
  const answer = message.text?.trim();
  if (!answer) return void (await replyIn(ctx, message, "Hanya jawaban berupa teks yang dapat diteruskan kepada penanya."));
  if ([...answer].length > MAX_ANSWER_LENGTH) {
    return void (await replyIn(ctx, message, `Jawaban terlalu panjang (${[...answer].length} karakter); paling banyak ${MAX_ANSWER_LENGTH}. Mohon ringkas lalu balas lagi.`));
  }
  await deliver(ctx, message, handoff, answer);
}

/** `/antrean`: open questions, oldest first, with how long each has waited. */
function queueMessage(ctx: BotContext): string {
  const open = ctx.deps.handoff.open();
  if (open.length === 0) return "Tidak ada pertanyaan yang menunggu jawaban. 👍";
  const now = ctx.deps.now().getTime();
  const lines = [`📋 <b>Pertanyaan menunggu jawaban (${open.length})</b>`, "Ketuk kode untuk membuka pertanyaannya, lalu balas untuk menjawab.", ""];
  let shown = 0;
  for (const h of open) {
    const line = `• ${linkedLabel(ctx.deps.config.expertChatId!, h.expertMessageId, h.code)} · ${formatAge(now - Date.parse(h.askedAt))} · ${escapeHtml(clip(h.question, 100))}`;
    if (lines.join("\n").length + line.length > MAX_MESSAGE_LENGTH - 200) break;
    lines.push(line);
    shown++;
  }
  if (shown < open.length) lines.push(`… dan ${open.length - shown} pertanyaan lainnya.`);
  return lines.join("\n");
}

/** Buttons work only in the experts' chat and only for its members. */
async function expertOnly(ctx: BotContext): Promise<boolean> {
  const { expertChatId } = ctx.deps.config;
  if (expertChatId === undefined || ctx.chat?.id !== expertChatId) {
    await ctx.answerCallbackQuery({ text: "Tombol ini hanya berlaku di grup petugas." });
    return false;
  }
  if (!(await isMemberOf(ctx, expertChatId))) {
    await ctx.answerCallbackQuery({ text: "Maaf, hanya anggota grup petugas yang dapat memakai tombol ini.", show_alert: true });
    return false;
  }
  return true;
}

/**
 * The experts' chat (`EXPERT_CHAT_ID`): replies that answer hand-offs, `/antrean`, and "📚
 * Jadikan entri" under an answer. The experts never learn who asked; the asker never learns
 * which expert answered.
 */
export const expertChatFeature = new Composer<BotContext>();

const expertChat = expertChatFeature.filter((ctx) => ctx.deps.config.expertChatId !== undefined && ctx.chat?.id === ctx.deps.config.expertChatId);

expertChat.command("antrean", (ctx) => ctx.reply(queueMessage(ctx), { parse_mode: "HTML" }));

expertChat.on("message", onExpertReply);

expertChatFeature.command("antrean", async (ctx, next) => {
  if (!isAdmin(ctx)) return next();
  await ctx.reply("Perintah /antrean dipakai di grup petugas (EXPERT_CHAT_ID).");
});

expertChatFeature.callbackQuery(new RegExp(`^ex:d:(${QUESTION_CODE.source})$`), async (ctx) => {
  if (!(await expertOnly(ctx))) return;
  const handoff = ctx.deps.handoff.get(ctx.match[1] ?? "");
  if (!handoff?.answer) return void (await ctx.answerCallbackQuery({ text: "Pertanyaan ini belum dijawab atau sudah terhapus masa simpan." }));
  await ctx.answerCallbackQuery();
  const keyboard = new InlineKeyboard();
  VERDICTS.forEach((verdict, i) => {
    keyboard.text(VERDICT_LABEL[verdict], callbackData("ex", "v", handoff.code, verdict));
    if (i % 2 === 1) keyboard.row();
  });
  await ctx.reply(`📚 Draf entri dari ${handoff.code}: pilih vonis yang sesuai dengan jawaban.`, { reply_markup: keyboard });
});

expertChatFeature.callbackQuery(new RegExp(`^ex:v:(${QUESTION_CODE.source}):(${VERDICTS.join("|")})$`), async (ctx) => {
  if (!(await expertOnly(ctx))) return;
  const handoff = ctx.deps.handoff.get(ctx.match[1] ?? "");
  if (!handoff?.answer) return void (await ctx.answerCallbackQuery({ text: "Pertanyaan ini belum dijawab atau sudah terhapus masa simpan." }));
  const verdict = ctx.match[2] as Verdict;
  ctx.deps.handoff.setDraft(handoff.code, verdict);
  await ctx.answerCallbackQuery({ text: "Draf disimpan." });
  const text = `📝 Draf entri dari ${handoff.code} disimpan (vonis: ${VERDICT_LABEL[verdict]}). Sumber hukum belum diisi: admin mengunduh draf dengan /drafentri, melengkapi pasalnya, lalu menjalankan npm run kb:check. Draf tidak tampil ke pengguna sebelum itu.`;
  await ctx.editMessageText(text).catch((error) => ctx.deps.logger.debug(describeError(error), "draft prompt not updated"));
});

/** What the asker hears when nobody answered in time; the link is deleted right after. */
function expiryNotice(handoff: Handoff, days: number): string {
  return `⌛ Maaf, pertanyaan Anda <code>${handoff.code}</code> belum dijawab petugas dalam ${days} hari. Tautan ke chat ini sudah dihapus, jadi jawaban yang datang kemudian tidak dapat diteruskan. Anda dapat bertanya lagi dengan /tanyapetugas.`;
}

/**
 * Periodic hand-off upkeep (every minute, on the injected clock): one reminder to the experts per
 * question unanswered after `HANDOFF_REMIND_HOURS`; expired links closed after telling the asker;
 * texts past `QUESTION_RETENTION_DAYS` deleted. Failures are logged without ids and never stop it.
 */
export async function handoffUpkeep(api: Api, deps: BotDeps): Promise<void> {
  const { handoff: desk, config, logger, now } = deps;
  for (const handoff of desk.expiring()) {
    const recipient = desk.recipient(handoff.code);
    desk.close(handoff.code, "expired");
    if (recipient === undefined) continue;
    await api.sendMessage(recipient, expiryNotice(handoff, config.handoffLinkDays), { parse_mode: "HTML" }).catch((error) => logger.warn({ ...describeError(error), handoff: handoff.code }, "expiry notice not delivered"));
  }
  if (config.expertChatId !== undefined) {
    for (const handoff of desk.dueReminders()) {
      desk.markReminded(handoff.code); // once, even if this send fails
      const text = `⏰ Pengingat: pertanyaan <code>${handoff.code}</code> belum dijawab sejak ${formatAge(now().getTime() - Date.parse(handoff.askedAt))}. Balas pesan ini atau pesan pertanyaannya untuk menjawab; /antrean menampilkan semua yang menunggu.`;
      await api
        .sendMessage(config.expertChatId, text, { parse_mode: "HTML", reply_parameters: { message_id: handoff.expertMessageId!, allow_sending_without_reply: true } })
        .then((sent) => desk.linkNotice(handoff.code, sent.message_id))
        .catch((error) => logger.warn({ ...describeError(error), handoff: handoff.code }, "hand-off reminder not sent"));
    }
  }
  const purged = desk.purge() + deps.questionLog.purge();
  if (purged > 0) logger.info({ purged, retentionDays: config.questionRetentionDays }, "old questions purged");
  desk.pending.sweep();
  desk.submissions.sweep();
}
