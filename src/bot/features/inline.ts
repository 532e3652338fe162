import { Composer, InlineQueryResultBuilder } from "grammy";
import type { Entry } from "../../core/knowledge/types.ts";
import type { BotContext } from "../context.ts";
import { VERDICT_LABEL, formatShortAnswer, summaryOf } from "../format/answer.ts";
import { clip } from "../format/html.ts";

/** Inline answers are built from the same pipeline as chat answers; a long story is cut here, not refused. */
const MAX_INLINE_QUERY = 1000;

/**
 * Inline mode (`@bot pertanyaan`): a member drops a cited answer into any chat. Only confident
 * answers are offered; when the bot would ask a deciding fact first, each reading is offered with
 * its verdict so the member picks the one that fits; an uncertain search offers nothing.
 */
export const inlineFeature = new Composer<BotContext>();

inlineFeature.on("inline_query", async (ctx) => {
  const query = ctx.inlineQuery.query.trim();
  const decision = query.length >= 3 ? ctx.deps.answerer.decide(clip(query, MAX_INLINE_QUERY)) : undefined;
  const entries: Entry[] =
    decision?.kind === "answer" ? [decision.entry, ...decision.hits.filter((h) => h.coverage >= 0.3).map((h) => h.entry)] : decision?.kind === "clarify" ? decision.options.map((o) => o.entry) : [];
  if (entries.length === 0) {
    await ctx.answerInlineQuery([], { cache_time: 30, button: { text: "Tanya langsung ke bot", start_parameter: "tanya" } });
    return;
  }
  const unique = [...new Map(entries.map((e) => [e.id, e])).values()].slice(0, 3);
  const results = unique.map((entry) =>
    InlineQueryResultBuilder.article(entry.id, `${VERDICT_LABEL[entry.verdict]} — ${entry.title}`, { description: clip(summaryOf(entry), 120) }).text(
      formatShortAnswer(entry, ctx.deps.knowledge.sources),
      { parse_mode: "HTML" },
    ),
  );
  await ctx.answerInlineQuery(results, { cache_time: 300 });
});
