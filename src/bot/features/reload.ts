import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { clip, escapeHtml, MAX_MESSAGE_LENGTH } from "../format/html.ts";
import { isAdmin, refuseNonAdmin } from "../guards.ts";
import { reloadKnowledge } from "../knowledge-deps.ts";

/** Problems listed in the reply; the rest are counted (kb:check on the server shows them all). */
const MAX_PROBLEMS = 15;

/**
 * `/muatulang` (admins, private chat): reads `knowledge/` again — entries, lexicon, calendar,
 * reminder texts, pledge — without a restart. New files are used only if they pass kb:check;
 * otherwise the bot keeps the old ones and the reply says what to fix.
 */
export const reloadFeature = new Composer<BotContext>();

reloadFeature.chatType("private").command("muatulang", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  const { logger, reminders } = ctx.deps;
  const result = reloadKnowledge(ctx.deps);
  if (!result.ok) {
    logger.warn({ problems: result.problems.length }, "knowledge reload refused: kb:check problems");
    const shown = result.problems.slice(0, MAX_PROBLEMS).map((p) => `• ${escapeHtml(clip(p, 300))}`);
    const more = result.problems.length > MAX_PROBLEMS ? [`… dan ${result.problems.length - MAX_PROBLEMS} masalah lain (jalankan npm run kb:check di server).`] : [];
    const text = [
      `❌ <b>Basis pengetahuan tidak dimuat ulang</b>: ${result.problems.length} masalah. Bot tetap memakai berkas sebelumnya.`,
      "Perbaiki yang berikut (sama dengan hasil <code>npm run kb:check</code>), lalu kirim /muatulang lagi:",
      ...shown,
      ...more,
    ].join("\n");
    await ctx.reply(clip(text, MAX_MESSAGE_LENGTH), { parse_mode: "HTML" });
    return;
  }
  const { entries, sources, calendar, reminders: texts } = result.knowledge;
  logger.info({ entries: entries.length, votes: calendar.votes.length }, "knowledge reloaded");
  await ctx.reply(
    [
      `✅ <b>Basis pengetahuan dimuat ulang</b>: ${entries.length} entri, ${sources.size} sumber, ${calendar.votes.length} pemungutan suara di kalender, ${texts.length} teks pengingat.`,
      "",
      escapeHtml(reminders.summary()),
    ].join("\n"),
    { parse_mode: "HTML" },
  );
});
