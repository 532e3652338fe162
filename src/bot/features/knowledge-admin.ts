import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { clip, escapeHtml } from "../format/html.ts";
import { isAdmin, refuseNonAdmin } from "../guards.ts";

type Unanswered = { text: string; at: string };
type Feedback = { up: number; down: number };

const LIST_SIZE = 25;

/**
 * What the knowledge editors need to improve answers: the questions nobody could answer (text
 * and time only, no asker) and the entries people marked as wrong.
 */
export const knowledgeAdminFeature = new Composer<BotContext>();

const admin = knowledgeAdminFeature.chatType("private");

admin.command("belumterjawab", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  const recent = (await ctx.deps.store.records<Unanswered>("unanswered").list())
    .map(([, q]) => q)
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, LIST_SIZE);
  if (recent.length === 0) return void (await ctx.reply("Belum ada pertanyaan yang tidak terjawab."));
  const lines = recent.map((q) => `• <i>${q.at.slice(0, 10)}</i> ${escapeHtml(clip(q.text, 120))}`);
  await ctx.reply(`<b>Pertanyaan tanpa jawaban (terbaru ${recent.length})</b>\nTambahkan entri di folder knowledge/ untuk pertanyaan yang sering muncul.\n\n${lines.join("\n")}`, { parse_mode: "HTML" });
});

admin.command("masukan", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  const rows = (await ctx.deps.store.records<Feedback>("feedback").list())
    .sort(([, a], [, b]) => b.down - a.down || b.up - a.up)
    .slice(0, LIST_SIZE);
  if (rows.length === 0) return void (await ctx.reply("Belum ada masukan 👍/👎 untuk jawaban."));
  const lines = rows.map(([id, f]) => `• ${escapeHtml(ctx.deps.search.get(id)?.title ?? id)}: 👍 ${f.up} · 👎 ${f.down}`);
  await ctx.reply(`<b>Masukan per jawaban</b> (paling banyak 👎 di atas)\n\n${lines.join("\n")}`, { parse_mode: "HTML" });
});
