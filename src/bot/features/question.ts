import { Composer, InlineKeyboard } from "grammy";
import type { Hit, SearchOutcome } from "../../core/knowledge/search.ts";
import type { Entry } from "../../core/knowledge/types.ts";
import { looksLikeNip } from "../../core/pledge/nip.ts";
import type { BotContext } from "../context.ts";
import { formatAnswer } from "../format/answer.ts";
import { callbackData, clip } from "../format/html.ts";
import { askerRegion } from "../region.ts";
import { addHandoffButton, onDownvote } from "./handoff.ts";

/** Longer texts are not questions; searching them would only produce noise. */
const MAX_QUESTION_LENGTH = 500;
const BUTTON_TEXT = 60;

/** The answer for an entry with its onward buttons: related questions, report link, feedback. */
export function answerMessage(ctx: BotContext, entry: Entry, others: Entry[], hits: Hit[] = []) {
  const { knowledge } = ctx.deps;
  const region = askerRegion(ctx);
  const note = region && entry.region !== region ? regionalNote(ctx, region, hits) : undefined;
  const keyboard = new InlineKeyboard();
  for (const other of others.slice(0, 3)) keyboard.text(`❓ ${clip(other.title, BUTTON_TEXT)}`, callbackData("q", other.id)).row();
  if (entry.verdict === "tidak_boleh" && ctx.me.username) keyboard.url("🚨 Laporkan pelanggaran (anonim)", `https://t.me/${ctx.me.username}?start=lapor`).row();
  keyboard.text("👍 Membantu", callbackData("fb", "+", entry.id)).text("👎 Kurang tepat", callbackData("fb", "-", entry.id));
  return { text: formatAnswer(entry, knowledge.sources, note), reply_markup: keyboard };
}

/**
 * Mentions the asker's regional rule when the answer itself is national: the regional entry the
 * search also found for this question (it may be stricter), else the region's general entry.
 */
function regionalNote(ctx: BotContext, region: string, hits: Hit[]): string | undefined {
  const regional = hits.find((h) => h.entry.region === region)?.entry ?? ctx.deps.knowledge.entries.find((e) => e.region === region);
  return regional ? `Daerah Anda juga punya ketentuan: "${regional.title}". Ketik: ${regional.questions[0]}` : undefined;
}

/** Related entries first (curated), then close runner-ups from the search ("Maksud Anda"). */
function onward(ctx: BotContext, top: Hit, hits: Hit[]): Entry[] {
  const related = top.entry.related.map((id) => ctx.deps.search.get(id)).filter((e): e is Entry => !!e);
  const runnerUps = hits.slice(1).filter((h) => h.score >= top.score * 0.5 && h.coverage >= 0.3).map((h) => h.entry);
  return [...new Map([...runnerUps, ...related].map((e) => [e.id, e])).values()];
}

/**
 * Searches and replies; questions with no confident answer are kept (masked text only) for the
 * admins and can be handed to the experts' chat.
 */
export async function answerQuestion(ctx: BotContext, question: string): Promise<SearchOutcome> {
  const { search, questionLog } = ctx.deps;
  // Someone in or recently in a report flow may be typing report text: never keep it, nor offer to send it.
  const kept = ctx.deps.flows.mayKeepText(ctx.chat!.id);
  const outcome = search.search(question, { region: askerRegion(ctx) });
  const top = outcome.hits[0];
  if (outcome.answered && top) {
    const { text, reply_markup } = answerMessage(ctx, top.entry, onward(ctx, top, outcome.hits), outcome.hits);
    const sent = await ctx.reply(text, { parse_mode: "HTML", reply_markup, reply_parameters: replyTo(ctx) });
    if (kept) questionLog.recent.remember(sent.chat.id, sent.message_id, question); // for a 👎 on this answer
    return outcome;
  }
  if (kept) questionLog.recordUnanswered(question);
  const keyboard = new InlineKeyboard();
  for (const hit of outcome.hits.slice(0, 3)) keyboard.text(`❓ ${clip(hit.entry.title, BUTTON_TEXT)}`, callbackData("q", hit.entry.id)).row();
  if (kept) addHandoffButton(keyboard, ctx, question);
  const closest = outcome.hits.length ? "\n\nMungkin yang Anda maksud salah satu topik di bawah ini:" : "\n\nCoba tulis ulang dengan kata lain, misalnya: <i>Bolehkah PNS memberi like unggahan calon?</i>";
  await ctx.reply(
    `Maaf, saya belum punya jawaban yang cukup yakin untuk pertanyaan itu. Saya hanya menjawab soal netralitas ASN dalam pemilu dan pilkada.${closest}${kept ? "\n\nPertanyaan Anda dicatat (tanpa identitas) agar tim kami dapat melengkapi jawaban." : ""}`,
    { parse_mode: "HTML", reply_markup: keyboard, reply_parameters: replyTo(ctx) },
  );
  return outcome;
}

/** In groups, thread the answer under the question so busy chats stay readable. */
function replyTo(ctx: BotContext) {
  return ctx.chat?.type !== "private" && ctx.msg ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true } : undefined;
}

/** The question in a group message, or undefined when the message is not for the bot. */
function groupQuestion(ctx: BotContext): string | undefined {
  const msg = ctx.message;
  if (!msg?.text) return undefined;
  const mention = `@${ctx.me.username}`.toLowerCase();
  const mentioned = msg.text.toLowerCase().includes(mention);
  const repliedToBot = msg.reply_to_message?.from?.id === ctx.me.id;
  if (!mentioned && !repliedToBot) return undefined;
  return msg.text.replace(new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "ig"), " ").trim();
}

async function ask(ctx: BotContext, question: string | undefined): Promise<void> {
  const text = question?.trim() ?? "";
  if (text.length === 0) {
    await ctx.reply("Silakan tulis pertanyaan Anda, misalnya: /tanya bolehkah PNS hadir di kampanye tanpa atribut?");
    return;
  }
  if (looksLikeNip(text)) {
    await ctx.reply("Sepertinya Anda mengetik NIP. NIP tidak perlu dikirim di sini dan tidak saya simpan. Untuk berikrar, ketik /ikrar; NIP akan ditanyakan di sana.");
    return;
  }
  if (text.length > MAX_QUESTION_LENGTH) {
    await ctx.reply(`Pertanyaan terlalu panjang (${text.length} karakter). Mohon ringkas menjadi satu atau dua kalimat, paling banyak ${MAX_QUESTION_LENGTH} karakter.`);
    return;
  }
  await answerQuestion(ctx, text);
}

/** Questions: any private text, `/tanya`, or a mention/reply in a group; plus the answer buttons. */
export const questionFeature = new Composer<BotContext>();

questionFeature.command("tanya", (ctx) => ask(ctx, ctx.match));

questionFeature.chatType("private").on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  await ask(ctx, ctx.message.text);
});

questionFeature.chatType(["group", "supergroup"]).on("message:text", async (ctx, next) => {
  const question = groupQuestion(ctx);
  if (question === undefined || ctx.message.text.startsWith("/")) return next();
  await ask(ctx, question);
});

questionFeature.callbackQuery(/^q:([a-z0-9-]+)$/, async (ctx) => {
  const entry = ctx.deps.search.get(ctx.match[1] as string);
  if (!entry) {
    await ctx.answerCallbackQuery({ text: "Topik ini sudah tidak tersedia. Silakan ketik pertanyaan Anda." });
    return;
  }
  await ctx.answerCallbackQuery();
  const others = entry.related.map((id) => ctx.deps.search.get(id)).filter((e): e is Entry => !!e);
  const { text, reply_markup } = answerMessage(ctx, entry, others);
  await ctx.reply(text, { parse_mode: "HTML", reply_markup });
});

questionFeature.callbackQuery(/^fb:([+-]):([a-z0-9-]+)$/, async (ctx) => {
  const [, vote, id] = ctx.match as RegExpMatchArray;
  if (!id || !ctx.deps.search.get(id)) {
    await ctx.answerCallbackQuery({ text: "Topik ini sudah tidak tersedia." });
    return;
  }
  const result = ctx.deps.votes.cast(ctx.from.id, id, vote === "+" ? "+" : "-");
  if (result === "unchanged") return void (await ctx.answerCallbackQuery({ text: "Masukan Anda untuk jawaban ini sudah tercatat." }));
  await ctx.answerCallbackQuery({ text: vote === "+" ? "Terima kasih atas masukan Anda." : "Terima kasih, kami akan memperbaiki jawaban ini." });
  if (vote === "-") await onDownvote(ctx, id);
});
