import { Composer, InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { QUESTION_CODE } from "../../core/handoff/codes.ts";
import type { Handoff, PendingQuestion } from "../../core/handoff/model.ts";
import { minutesToWait } from "../../core/reports/limiter.ts";
import type { BotContext } from "../context.ts";
import { describeError } from "../errors.ts";
import { callbackData, clip, escapeHtml } from "../format/html.ts";
import { redirectToPrivate } from "../guards.ts";

/** Questions longer than this are not one question; the experts deserve a readable one. */
const MAX_QUESTION_LENGTH = 1000;

const HANDOFF_LABEL = "🙋 Tanyakan ke petugas";

/**
 * The prompts a person answers by replying. Their text carries everything the reply needs (the
 * earlier code for a follow-up), so no per-user state is kept between prompt and reply.
 */
const ASK_PROMPT = "🙋 Tulis pertanyaan Anda untuk petugas dengan membalas pesan ini.";
const FOLLOW_UP_PROMPT = "💬 Tulis pertanyaan lanjutan untuk";
const FOLLOW_UP_PROMPT_END = "dengan membalas pesan ini.";

/**
 * The "🙋 Tanyakan ke petugas" button for a question the bot could not settle (a refusal, a
 * clarifying question, a 👎), or undefined when no experts' chat is configured. The question is
 * masked and held in memory under a random token; in a group the button opens the private chat,
 * where the preview and the answer belong.
 */
export function handoffButton(ctx: BotContext, question: string): InlineKeyboardButton | undefined {
  if (ctx.deps.config.expertChatId === undefined || question.trim() === "") return undefined;
  const { token } = ctx.deps.handoff.pending.hold(clip(question, MAX_QUESTION_LENGTH));
  if (ctx.chat?.type === "private") return InlineKeyboard.text(HANDOFF_LABEL, callbackData("ho", "p", token));
  return ctx.me.username ? InlineKeyboard.url(HANDOFF_LABEL, `https://t.me/${ctx.me.username}?start=ho-${token}`) : undefined;
}

/** Adds the hand-off button as its own row, when there is one. */
export function addHandoffButton(keyboard: InlineKeyboard, ctx: BotContext, question: string): InlineKeyboard {
  const button = handoffButton(ctx, question);
  return button ? keyboard.row(button) : keyboard;
}

/**
 * After a 👎: keeps which question got which entry (masked, text only) and, in a private chat,
 * offers the same question to the experts. The question is known only while the answer is
 * recent (memory, one day); an older 👎 is only counted (by the question feature).
 */
export async function onDownvote(ctx: BotContext, entryId: string): Promise<void> {
  const message = ctx.callbackQuery?.message;
  const question = message && ctx.chat ? ctx.deps.questionLog.recent.recall(ctx.chat.id, message.message_id) : undefined;
  if (question) ctx.deps.questionLog.recordDownvote(question, entryId);
  if (ctx.chat?.type !== "private" || ctx.deps.config.expertChatId === undefined) return;
  const button = question ? handoffButton(ctx, question) : undefined;
  const keyboard = button ? new InlineKeyboard().add(button) : undefined;
  const how = button ? "tekan tombol di bawah" : "ketik /tanyapetugas lalu pertanyaan Anda";
  await ctx.reply(`Maaf jawabannya kurang tepat. Bila Anda ingin bertanya langsung kepada petugas (BKPSDM/Inspektorat/Bawaslu) secara anonim, ${how}.`, { reply_markup: keyboard });
}

/** The promise shown with every preview: what leaves the chat, what is kept, for how long. */
function promise(ctx: BotContext): string {
  const { handoffLinkDays, questionRetentionDays } = ctx.deps.config;
  return [
    "<b>Janji kami</b>",
    "• Petugas (BKPSDM, Inspektorat, atau Bawaslu) hanya menerima teks di atas, kode pertanyaan, dan judul topik terdekat di bot, sebagai pesan baru dari bot — tanpa nama, username, atau id Telegram Anda.",
    "• Agar jawaban sampai kepada Anda, bot menyimpan satu tautan terenkripsi ke chat ini. Tautan itu tidak pernah ditampilkan kepada petugas dan tidak dicatat di log.",
    `• Tautan dihapus begitu jawaban terkirim, saat Anda menarik pertanyaan, atau otomatis setelah ${handoffLinkDays} hari bila belum ada jawaban (Anda akan diberi tahu).`,
    `• Teks pertanyaan dan jawaban (tanpa identitas) disimpan paling lama ${questionRetentionDays} hari untuk melengkapi basis pengetahuan.`,
    "• Jawaban petugas adalah pendapat petugas, bukan entri basis pengetahuan yang sudah diverifikasi.",
  ].join("\n");
}

/** Shows exactly what will be sent, the masking notice, the promise, and the send/cancel buttons. */
async function showPreview(ctx: BotContext, pending: PendingQuestion): Promise<void> {
  const title = pending.followUpOf ? `💬 <b>Pertanyaan lanjutan untuk ${pending.followUpOf}</b>` : "🙋 <b>Pertanyaan untuk petugas</b>";
  const masked = pending.masked ? "\n🔒 NIP, NIK, nomor telepon, atau alamat email dalam pertanyaan Anda sudah disamarkan seperti terlihat di atas.\n" : "";
  const text = `${title}\nYang akan dikirim, persis seperti ini:\n<blockquote>${escapeHtml(pending.question)}</blockquote>\n${masked}\n${promise(ctx)}\n\nKirim sekarang?`;
  const reply_markup = new InlineKeyboard().text("✅ Kirim ke petugas", callbackData("ho", "s", pending.token)).text("✖️ Batal", callbackData("ho", "x", pending.token));
  await ctx.reply(text, { parse_mode: "HTML", reply_markup });
}

/** Checks a question's text and shows its preview, or says what is wrong with it. */
async function preview(ctx: BotContext, text: string, followUpOf?: string): Promise<void> {
  const question = text.trim();
  if (ctx.deps.config.expertChatId === undefined) {
    await ctx.reply("Maaf, layanan tanya petugas belum diaktifkan oleh pengelola bot ini. Silakan ketik pertanyaan Anda; saya jawab dari basis pengetahuan.");
    return;
  }
  if (question === "" || question.startsWith("/")) {
    await askForQuestion(ctx, followUpOf);
    return;
  }
  if ([...question].length > MAX_QUESTION_LENGTH) {
    await ctx.reply(`Pertanyaan terlalu panjang (${[...question].length} karakter). Mohon ringkas, paling banyak ${MAX_QUESTION_LENGTH} karakter.`);
    return;
  }
  await showPreview(ctx, ctx.deps.handoff.pending.hold(question, followUpOf));
}

/** Asks for the question as a reply (force_reply), so the next message is not searched instead. */
async function askForQuestion(ctx: BotContext, followUpOf?: string): Promise<void> {
  const text = followUpOf ? `${FOLLOW_UP_PROMPT} ${followUpOf} ${FOLLOW_UP_PROMPT_END}` : ASK_PROMPT;
  await ctx.reply(text, { reply_markup: { force_reply: true, input_field_placeholder: "Pertanyaan untuk petugas" } });
}

/** The prompt a private message replies to: a new question, or a follow-up of the code it names. */
function promptRepliedTo(ctx: BotContext): { followUpOf?: string } | undefined {
  const replied = ctx.message?.reply_to_message;
  if (!replied || replied.from?.id !== ctx.me.id || !replied.text) return undefined;
  if (replied.text === ASK_PROMPT) return {};
  if (!replied.text.startsWith(FOLLOW_UP_PROMPT)) return undefined;
  const code = QUESTION_CODE.exec(replied.text)?.[0];
  return code ? { followUpOf: code } : undefined;
}

/** The question as the experts' chat receives it: a new message from the bot, nothing about the asker. */
function expertQuestionMessage(ctx: BotContext, handoff: Handoff): string {
  const title = handoff.followUpOf ? `💬 <b>Pertanyaan lanjutan ${handoff.code}</b> (dari ${handoff.followUpOf})` : `🙋 <b>Pertanyaan untuk petugas ${handoff.code}</b>`;
  const closest = ctx.deps.search.search(handoff.question).hits[0]?.entry;
  const hint = closest ? `\nEntri terdekat di bot (belum cukup yakin): <i>${escapeHtml(closest.title)}</i>` : "";
  return `${title}\n<blockquote>${escapeHtml(handoff.question)}</blockquote>${hint}\n\n<i>Balas (reply) pesan ini untuk menjawab; jawaban Anda dikirim kepada penanya tanpa nama Anda. Identitas penanya tidak dikirim ke grup ini.</i>`;
}

/**
 * Posts a confirmed hand-off to the experts' chat (a follow-up threads under the earlier
 * question) and remembers the message; returns false if Telegram refused it.
 */
async function postToExperts(ctx: BotContext, handoff: Handoff): Promise<boolean> {
  const { expertChatId } = ctx.deps.config;
  const earlier = handoff.followUpOf ? ctx.deps.handoff.get(handoff.followUpOf)?.expertMessageId : undefined;
  try {
    const sent = await ctx.api.sendMessage(expertChatId!, expertQuestionMessage(ctx, handoff), {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(earlier !== undefined ? { reply_parameters: { message_id: earlier, allow_sending_without_reply: true } } : {}),
    });
    ctx.deps.handoff.attachExpertMessage(handoff.code, sent.message_id);
    return true;
  } catch (error) {
    ctx.deps.logger.warn({ ...describeError(error), handoff: handoff.code }, "hand-off could not be posted to the experts' chat");
    return false;
  }
}

/** "Kirim ke petugas": stores the sealed link, posts to the experts, turns the preview into a receipt. */
async function send(ctx: BotContext, token: string): Promise<void> {
  const { handoff: desk, config, logger } = ctx.deps;
  if (ctx.chat?.type !== "private" || !ctx.from || config.expertChatId === undefined) {
    await ctx.answerCallbackQuery({ text: "Tombol ini hanya berlaku di chat pribadi dengan bot." });
    return;
  }
  const who = desk.anonymous.of(ctx.from.id);
  const wait = desk.submissions.waitMs(who);
  if (wait > 0) {
    await ctx.answerCallbackQuery({ text: `Anda sudah mengirim beberapa pertanyaan dalam satu jam terakhir. Silakan coba lagi dalam ${minutesToWait(wait)} menit.`, show_alert: true });
    return;
  }
  const pending = desk.pending.take(token);
  if (!pending) {
    await ctx.answerCallbackQuery({ text: "Pratinjau ini sudah kedaluwarsa atau sudah dikirim. Ketik /tanyapetugas lalu pertanyaan Anda.", show_alert: true });
    return;
  }
  const handoff = desk.submit(pending, ctx.chat.id);
  if (!(await postToExperts(ctx, handoff))) {
    desk.discard(handoff.code);
    desk.pending.restore(pending);
    await ctx.answerCallbackQuery({ text: "Maaf, pertanyaan belum dapat diteruskan ke petugas. Silakan tekan Kirim lagi sebentar lagi.", show_alert: true });
    return;
  }
  desk.submissions.record(who);
  logger.info({ handoff: handoff.code, followUp: handoff.followUpOf !== undefined }, "question handed to the experts");
  await ctx.answerCallbackQuery({ text: "Terkirim ke petugas." });
  const receipt = `✅ Terkirim ke petugas dengan kode <code>${handoff.code}</code>.\n<blockquote>${escapeHtml(handoff.question)}</blockquote>\nJawaban petugas akan saya kirim ke chat ini. Bila dalam ${config.handoffLinkDays} hari belum ada jawaban, saya memberi tahu Anda dan tautan ke chat ini dihapus.`;
  const reply_markup = new InlineKeyboard().text("↩️ Tarik pertanyaan", callbackData("ho", "w", handoff.code));
  await ctx.editMessageText(receipt, { parse_mode: "HTML", reply_markup }).catch((error) => logger.debug(describeError(error), "hand-off preview not updated"));
}

/**
 * "Tarik pertanyaan": the asker closes an open hand-off and its link is deleted; the experts are
 * told under the question. Only the chat the sealed link leads to may do it — button data can be
 * forged by a client, the link cannot.
 */
async function withdraw(ctx: BotContext, code: string): Promise<void> {
  const { handoff: desk, config, logger } = ctx.deps;
  const handoff = desk.get(code);
  if (!handoff || handoff.closed || ctx.chat === undefined || desk.recipient(code) !== ctx.chat.id) {
    await ctx.answerCallbackQuery({ text: "Pertanyaan ini sudah dijawab, kedaluwarsa, atau tidak dapat ditarik dari sini.", show_alert: true });
    return;
  }
  desk.close(code, "withdrawn");
  await ctx.answerCallbackQuery({ text: "Pertanyaan ditarik." });
  await ctx
    .editMessageText(`↩️ Pertanyaan <code>${code}</code> ditarik. Tautan ke chat ini sudah dihapus; jawaban petugas tidak akan diteruskan.`, { parse_mode: "HTML" })
    .catch((error) => logger.debug(describeError(error), "hand-off receipt not updated"));
  if (config.expertChatId === undefined || handoff.expertMessageId === undefined) return;
  await ctx.api
    .sendMessage(config.expertChatId, `↩️ Penanya menarik pertanyaan ${code}; tidak perlu dijawab.`, { reply_parameters: { message_id: handoff.expertMessageId, allow_sending_without_reply: true } })
    .catch((error) => logger.warn({ ...describeError(error), handoff: code }, "withdrawal notice not sent"));
}

/**
 * The asker's side of the hand-off to the experts' chat (`EXPERT_CHAT_ID`): `/tanyapetugas`, the
 * "🙋 Tanyakan ke petugas" button, the preview with the privacy promise, withdrawal and follow-ups. Installed
 * before the question feature, so replies to its prompts are hand-offs, not searches.
 */
export const handoffFeature = new Composer<BotContext>();

handoffFeature.command("tanyapetugas", async (ctx) => {
  if (ctx.chat.type !== "private") return redirectToPrivate(ctx, "petugas", HANDOFF_LABEL);
  await preview(ctx, ctx.match);
});

handoffFeature.command("start", async (ctx, next) => {
  if (ctx.match === "petugas") return askForQuestion(ctx);
  const token = /^ho-([0-9A-Z]+)$/.exec(ctx.match)?.[1];
  if (token === undefined) return next();
  const pending = ctx.deps.handoff.pending.get(token);
  await (pending ? showPreview(ctx, pending) : askForQuestion(ctx));
});

handoffFeature.chatType("private").on("message:text", async (ctx, next) => {
  const prompt = promptRepliedTo(ctx);
  if (!prompt) return next();
  await preview(ctx, ctx.message.text, prompt.followUpOf);
});

handoffFeature.callbackQuery(/^ho:p:([0-9A-Z]+)$/, async (ctx) => {
  const pending = ctx.deps.handoff.pending.get(ctx.match[1] ?? "");
  if (!pending) {
    await ctx.answerCallbackQuery({ text: "Tombol ini sudah kedaluwarsa. Ketik /tanyapetugas lalu pertanyaan Anda.", show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await showPreview(ctx, pending);
});

handoffFeature.callbackQuery(/^ho:s:([0-9A-Z]+)$/, (ctx) => send(ctx, ctx.match[1] ?? ""));

handoffFeature.callbackQuery(/^ho:x:([0-9A-Z]+)$/, async (ctx) => {
  ctx.deps.handoff.pending.take(ctx.match[1] ?? "");
  await ctx.answerCallbackQuery({ text: "Dibatalkan. Tidak ada yang dikirim." });
  await ctx.editMessageText("Dibatalkan: pertanyaan tidak dikirim ke petugas.").catch((error) => ctx.deps.logger.debug(describeError(error), "hand-off preview not updated"));
});

handoffFeature.callbackQuery(new RegExp(`^ho:w:(${QUESTION_CODE.source})$`), (ctx) => withdraw(ctx, ctx.match[1] ?? ""));

handoffFeature.callbackQuery(new RegExp(`^ho:f:(${QUESTION_CODE.source})$`), async (ctx) => {
  await ctx.answerCallbackQuery();
  await askForQuestion(ctx, ctx.match[1]);
});
