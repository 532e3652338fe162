import { Composer, InlineKeyboard } from "grammy";
import type { Place } from "../../core/calendar/calendar.ts";
import { parseDateQuestion, type DateQuestion } from "../../core/calendar/date-question.ts";
import { formatDay } from "../../core/calendar/dates.ts";
import { votingDay } from "../../core/calendar/vote.ts";
import { findProvince, type Province } from "../../core/pledge/places.ts";
import { askerPlace, askerToday, chatPlace, setPrivateProvince } from "../calendar-place.ts";
import { addressedText } from "../addressed.ts";
import type { BotContext } from "../context.ts";
import { callbackData, clip, escapeHtml } from "../format/html.ts";
import { NO_UPCOMING_VOTE, placeLabel, voteBlock, voteBlocks } from "../format/schedule.ts";
import { installProvincePicker } from "../province-keyboard.ts";

const HTML = { parse_mode: "HTML" } as const;

/** `/jadwal` for a place: every stage of each vote still running or ahead, with days left. */
async function scheduleView(ctx: BotContext, place: Place | undefined): Promise<{ text: string; reply_markup?: InlineKeyboard }> {
  const { calendar, sources } = ctx.deps.knowledge;
  const today = await askerToday(ctx);
  const label = placeLabel(place);
  const votes = calendar.current(place ?? {}, today);
  const header = `📅 <b>Jadwal pemungutan suara</b>${label ? ` — ${escapeHtml(label)}` : ""}`;
  const body = votes.length > 0 ? voteBlocks(votes, "all", today, sources) : noneAhead(ctx, place ?? {}, today);
  const lines = [header, "", body];
  if (label) return { text: lines.join("\n") };
  if (ctx.chat?.type !== "private") {
    lines.push("", "Provinsi grup ini belum diatur, jadi hanya pemungutan suara nasional yang tampil. Admin grup dapat memilihnya dengan /pengaturan.");
    return { text: lines.join("\n") };
  }
  lines.push("", "Wilayah Anda belum saya ketahui, jadi hanya pemungutan suara nasional yang tampil. Pilih provinsi agar pilkada daerah Anda ikut tampil (atau ketik /jadwal &lt;provinsi&gt;).");
  return { text: lines.join("\n"), reply_markup: new InlineKeyboard().text("📍 Pilih provinsi", callbackData("jdw", "pg", "0")) };
}

/** Nothing ahead: say so plainly, and which vote was the last one, as history. */
function noneAhead(ctx: BotContext, place: Place, today: string): string {
  const last = ctx.deps.knowledge.calendar.latestPast(place, today);
  const history = last ? ` Yang terakhir: ${escapeHtml(last.name)}, pemungutan suara ${formatDay(votingDay(last))}.` : "";
  return `${NO_UPCOMING_VOTE}${history} Jadwal baru tampil di sini begitu ditetapkan dan ditambahkan ke kalender bot.`;
}

/**
 * A date question answered from the calendar for the asker's region: the next vote(s), or the
 * year's votes when a year is named ("masa tenang pilkada 2024"). Nothing ahead is said plainly.
 */
async function dateAnswer(ctx: BotContext, question: DateQuestion): Promise<string> {
  const { calendar, sources } = ctx.deps.knowledge;
  const today = await askerToday(ctx);
  const place = (await askerPlace(ctx)) ?? {};
  if (question.year) {
    const votes = calendar.inYear(place, question.year);
    if (votes.length === 0) return `Kalender saya tidak memuat pemungutan suara tahun ${question.year}. Ketik /jadwal untuk jadwal yang ada.`;
    return voteBlocks(votes, question.phases, today, sources);
  }
  const votes = calendar.current(place, today);
  if (votes.length > 0) return `${voteBlocks(votes, question.phases, today, sources)}\n\nSemua tahapan: /jadwal`;
  const last = calendar.latestPast(place, today);
  return [NO_UPCOMING_VOTE, ...(last ? ["", "Sebagai riwayat, yang terakhir:", voteBlock(last, question.phases, today, sources)] : [])].join("\n");
}

/** Remembers a private chat's province (also its reminder zone) so /jadwal need not ask again. */
async function rememberProvince(ctx: BotContext, province: Province): Promise<Place> {
  return chatPlace(await setPrivateProvince(ctx.deps, ctx.chat!.id, province));
}

/** In groups the thread keeps the answer under its question. */
function replyOptions(ctx: BotContext) {
  return ctx.chat?.type !== "private" && ctx.msg ? { ...HTML, reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } } : HTML;
}

/** Answers from the calendar when the text is a date question; otherwise the next handler (the knowledge base) answers. */
async function answerIfDateQuestion(ctx: BotContext, text: string | undefined, next: () => Promise<void>): Promise<void> {
  const question = text ? parseDateQuestion(text) : undefined;
  if (!question) return next();
  await ctx.reply(await dateAnswer(ctx, question), replyOptions(ctx));
}

/**
 * `/jadwal` and date questions ("kapan masa tenang?", "kapan pemungutan suara berikutnya?"),
 * answered from `knowledge/kalender.yaml` for the asker's region: group settings, the private
 * chat's province, or the pledge. Installed before the question feature, which answers the rest.
 */
export const scheduleFeature = new Composer<BotContext>();

scheduleFeature.command("jadwal", async (ctx) => {
  const typed = ctx.match.trim();
  if (!typed) {
    const { text, reply_markup } = await scheduleView(ctx, await askerPlace(ctx));
    await ctx.reply(text, { ...HTML, reply_markup });
    return;
  }
  const province = findProvince(ctx.deps.knowledge.provinces, typed);
  if (!province) {
    await ctx.reply(`Provinsi "${escapeHtml(clip(typed, 60))}" tidak saya kenal. Ketik /jadwal saja untuk memilih dari daftar, atau mis. /jadwal Maluku.`, HTML);
    return;
  }
  const place = ctx.chat.type === "private" ? await rememberProvince(ctx, province) : { province: province.name };
  await ctx.reply((await scheduleView(ctx, place)).text, HTML);
});

scheduleFeature.command("tanya", (ctx, next) => answerIfDateQuestion(ctx, ctx.match, next));

scheduleFeature.chatType("private").on("message:text", (ctx, next) => answerIfDateQuestion(ctx, ctx.message.text.startsWith("/") ? undefined : ctx.message.text, next));

scheduleFeature.chatType(["group", "supergroup"]).on("message:text", (ctx, next) => answerIfDateQuestion(ctx, addressedText(ctx), next));

const privateChat = scheduleFeature.chatType("private");

installProvincePicker(privateChat, {
  prefix: "jdw",
  prompt: "Pilih provinsi Anda: jadwal pilkada dan pemungutan suara ulang di daerah itu ikut tampil.",
  onPick: async (ctx, province) => {
    const { text } = await scheduleView(ctx, await rememberProvince(ctx, province));
    await ctx.editMessageText(text, HTML);
  },
});

privateChat.callbackQuery("jdw:menu", async (ctx) => {
  await ctx.answerCallbackQuery();
  const { text, reply_markup } = await scheduleView(ctx, await askerPlace(ctx));
  await ctx.editMessageText(text, { ...HTML, reply_markup });
});
