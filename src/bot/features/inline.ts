import { Composer, InlineQueryResultBuilder } from "grammy";
import type { BotContext } from "../context.ts";
import { VERDICT_LABEL, formatAnswer } from "../format/answer.ts";
import { clip } from "../format/html.ts";

/**
 * Inline mode (`@bot pertanyaan`): a member drops a cited answer into any chat. Only confident
 * answers are offered; an uncertain search offers nothing rather than a wrong citation.
 */
export const inlineFeature = new Composer<BotContext>();

inlineFeature.on("inline_query", async (ctx) => {
  const query = ctx.inlineQuery.query.trim();
  const outcome = query.length >= 3 ? ctx.deps.search.search(clip(query, 500)) : undefined;
  if (!outcome?.answered) {
    await ctx.answerInlineQuery([], { cache_time: 30, button: { text: "Tanya langsung ke bot", start_parameter: "tanya" } });
    return;
  }
  const results = outcome.hits
    .filter((hit) => hit.coverage >= 0.3)
    .slice(0, 3)
    .map((hit) =>
      InlineQueryResultBuilder.article(hit.entry.id, `${VERDICT_LABEL[hit.entry.verdict]} — ${hit.entry.title}`, {
        description: clip(hit.entry.body, 120),
      }).text(formatAnswer(hit.entry, ctx.deps.knowledge.sources), { parse_mode: "HTML" }),
    );
  await ctx.answerInlineQuery(results, { cache_time: 300 });
});
