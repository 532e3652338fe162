import { Composer, type InlineKeyboard } from "grammy";
import type { Decision } from "../../core/answering/answerer.ts";
import type { Hit } from "../../core/knowledge/search.ts";
import type { Entry } from "../../core/knowledge/types.ts";
import { looksLikeNip } from "../../core/pledge/nip.ts";
import { addressedText } from "../addressed.ts";
import type { BotContext } from "../context.ts";
import { formatAnswer, formatShortAnswer } from "../format/answer.ts";
import { answerKeyboard, clarifyKeyboard, refusalKeyboard, topicsKeyboard } from "../format/keyboards.ts";
import { EMPTY_QUESTION, replyHtml } from "../format/reply.ts";
import { askerRegion } from "../region.ts";
import { addHandoffButton, onDownvote } from "./handoff.ts";

/** The short answer for an entry with its onward buttons. */
export function answerMessage(ctx: BotContext, entry: Entry, others: Entry[], act?: Entry) {
  return { text: formatShortAnswer(entry, ctx.deps.knowledge.sources, act), reply_markup: answerKeyboard(entry, others, ctx.me.username) };
}

/**
 * Mentions the asker's regional rule when the answer itself is national: the regional entry the
 * search also found for this question (it may be stricter), else the region's general entry.
 */
async function regionalNote(ctx: BotContext, entry: Entry): Promise<string | undefined> {
  const region = await askerRegion(ctx);
  if (!region || entry.region === region) return undefined;
  const regional = ctx.deps.knowledge.entries.find((e) => e.region === region);
  return regional ? `Daerah Anda juga punya ketentuan: "${regional.title}". Ketik: ${regional.questions[0]}` : undefined;
}

/** Related entries first (curated), then close runner-ups from the search ("Maksud Anda"). */
function onward(ctx: BotContext, entry: Entry, hits: Hit[]): Entry[] {
  const related = entry.related.map((id) => ctx.deps.search.get(id)).filter((e): e is Entry => !!e);
  const top = hits[0];
  const runnerUps = top ? hits.slice(1).filter((h) => h.score >= top.score * 0.5 && h.coverage >= 0.3).map((h) => h.entry) : [];
  return [...new Map([...runnerUps, ...related].map((e) => [e.id, e])).values()].filter((e) => e.id !== entry.id);
}

/**
 * Whether this chat's text may be kept (masked) for the admins and offered to the experts' chat:
 * someone in or recently in a report flow may be typing report text, which must go nowhere else.
 */
async function mayKeep(ctx: BotContext): Promise<boolean> {
  return !!ctx.chat && (await ctx.deps.flows.mayKeepText(ctx.chat.id));
}

/** Key of the follow-up memory: one per chat and person, so group members do not mix. */
function conversationKey(ctx: BotContext): string {
  return `${ctx.chat?.id ?? ""}:${ctx.from?.id ?? ""}`;
}

/**
 * Runs the answering pipeline and sends its first message. A question the bot cannot answer is
 * kept (masked text only) for the admins, and refusals and clarifying questions offer the
 * experts' chat.
 */
export async function answerQuestion(ctx: BotContext, question: string): Promise<Decision> {
  const { answerer, conversations, knowledge, questionLog } = ctx.deps;
  const key = conversationKey(ctx);
  const kept = await mayKeep(ctx);
  const decision = answerer.decide(question, { region: await askerRegion(ctx), previous: await conversations.recall(key) });
  // Explainable without the asker: which entry, and the concepts and facts that led there.
  const u = decision.understanding;
  ctx.deps.logger.debug({ kind: decision.kind, entry: decision.hits[0]?.entry.id, topics: u.topics, facts: u.facts, region: u.region, sanction: u.sanction }, "question decided");
  const reply_parameters = replyTo(ctx);
  const recorded = kept && decision.kind === "refuse" && (decision.reason === "unsure" || decision.reason === "offtopic");
  if (recorded) await questionLog.recordUnanswered(question);
  const text = replyHtml(decision, knowledge.sources, { recorded });
  const withHandoff = async (keyboard: InlineKeyboard) => (kept ? addHandoffButton(keyboard, ctx, question) : keyboard);
  switch (decision.kind) {
    case "answer": {
      await conversations.remember(key, { entry: decision.act ?? decision.entry, terms: decision.understanding.terms });
      const { reply_markup } = await answerMessage(ctx, decision.entry, onward(ctx, decision.entry, decision.hits), decision.act);
      const sent = await ctx.reply(text, { parse_mode: "HTML", reply_markup, reply_parameters });
      if (kept) await questionLog.recent.remember(sent.chat.id, sent.message_id, question); // for a 👎 on this answer
      break;
    }
    case "clarify":
      await conversations.remember(key, { entry: decision.options[0]?.entry ?? (decision.hits[0] as Hit).entry, terms: decision.understanding.terms });
      await ctx.reply(text, { parse_mode: "HTML", reply_markup: await withHandoff(clarifyKeyboard(decision)), reply_parameters });
      break;
    case "smalltalk":
      // A greeting or "who are you" is where a newcomer starts: offer the topic list.
      await ctx.reply(text, { parse_mode: "HTML", reply_markup: decision.understanding.smalltalk?.kind === "terima-kasih" ? undefined : topicsKeyboard(), reply_parameters });
      break;
    case "refuse":
      // A request to write campaign material is not a question for the experts either.
      await ctx.reply(text, { parse_mode: "HTML", reply_markup: decision.reason === "request" ? undefined : await withHandoff(refusalKeyboard(decision.hits)), reply_parameters });
      break;
  }
  return decision;
}

/** In groups, thread the answer under the question so busy chats stay readable. */
function replyTo(ctx: BotContext) {
  return ctx.chat?.type !== "private" && ctx.msg ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true } : undefined;
}

async function ask(ctx: BotContext, question: string | undefined): Promise<void> {
  const text = question?.trim() ?? "";
  if (text.length === 0) {
    await ctx.reply(EMPTY_QUESTION);
    return;
  }
  if (looksLikeNip(text)) {
    await ctx.reply("Sepertinya Anda mengetik NIP. NIP tidak perlu dikirim di sini dan tidak saya simpan. Untuk berikrar, ketik /ikrar; NIP akan ditanyakan di sana.");
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
  const question = addressedText(ctx);
  if (question === undefined) return next();
  await ask(ctx, question);
});

/**
 * The entry a button names, with the button press answered; a button from before a reload whose
 * entry is gone says so instead of failing silently.
 */
async function pressedEntry(ctx: BotContext & { match: RegExpMatchArray | string }): Promise<Entry | undefined> {
  const entry = ctx.deps.search.get(String(ctx.match[1]));
  await ctx.answerCallbackQuery(entry ? {} : { text: "Topik ini sudah tidak tersedia. Silakan ketik pertanyaan Anda." });
  return entry;
}

/** A topic button or a clarifying answer: the entry's short answer; the chat's follow-ups now lean on it. */
questionFeature.callbackQuery(/^q:([a-z0-9-]+)$/, async (ctx) => {
  const entry = await pressedEntry(ctx);
  if (!entry) return;
  await ctx.deps.conversations.remember(conversationKey(ctx), { entry, terms: ctx.deps.search.analyzer.terms(entry.title) });
  const { text, reply_markup } = await answerMessage(ctx, entry, onward(ctx, entry, []));
  await ctx.reply(text, { parse_mode: "HTML", reply_markup });
});

/** "📖 Selengkapnya": the full explanation, every source, and the asker's regional rule. */
questionFeature.callbackQuery(/^more:([a-z0-9-]+)$/, async (ctx) => {
  const entry = await pressedEntry(ctx);
  if (!entry) return;
  await ctx.reply(formatAnswer(entry, ctx.deps.knowledge.sources, await regionalNote(ctx, entry)), { parse_mode: "HTML" });
});

questionFeature.callbackQuery(/^fb:([+-]):([a-z0-9-]+)$/, async (ctx) => {
  const [, vote, id] = ctx.match as RegExpMatchArray;
  if (!id || !ctx.deps.search.get(id)) {
    await ctx.answerCallbackQuery({ text: "Topik ini sudah tidak tersedia." });
    return;
  }
  const result = await ctx.deps.votes.cast(ctx.from.id, id, vote === "+" ? "+" : "-");
  if (result === "unchanged") return void (await ctx.answerCallbackQuery({ text: "Masukan Anda untuk jawaban ini sudah tercatat." }));
  await ctx.answerCallbackQuery({ text: vote === "+" ? "Terima kasih atas masukan Anda." : "Terima kasih, kami akan memperbaiki jawaban ini." });
  if (vote === "-") await onDownvote(ctx, id);
});
