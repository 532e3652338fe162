import { Composer, InputFile } from "grammy";
import { draftEntryMarkdown } from "../../core/handoff/draft-entry.ts";
import { groupSimilar, similarTo } from "../../core/handoff/similar.ts";
import type { UnansweredQuestion } from "../../core/handoff/question-log.ts";
import type { BotContext } from "../context.ts";
import { VERDICT_LABEL } from "../format/answer.ts";
import { clip, escapeHtml, MAX_MESSAGE_LENGTH } from "../format/html.ts";
import { isAdmin, refuseNonAdmin } from "../guards.ts";

type Feedback = { up: number; down: number };

const LIST_SIZE = 25;
/** Groups shown by /belumterjawab, and other phrasings shown per group. */
const GROUPS_SHOWN = 15;
const EXAMPLES_PER_GROUP = 2;
/** Drafts sent per /drafentri: each is a document, and a chat flood helps nobody. */
const DRAFTS_SENT = 10;
/**
 * Questions compared when grouping or looking for similar phrasings: the most recent ones. It keeps
 * an admin command well under a second even with a long retention period (see `similar.ts`).
 */
const MAX_COMPARED = 1000;

/** The search's analysis, memoised for one command (the same texts are compared many times). */
function termsMemo(ctx: BotContext): (text: string) => string[] {
  const memo = new Map<string, string[]>();
  return (text) => memo.get(text) ?? memo.set(text, ctx.deps.search.analyzer.terms(text)).get(text)!;
}

/** One /belumterjawab group: count, the newest phrasing, two others, and the closest entry. */
function groupLines(ctx: BotContext, rank: number, items: UnansweredQuestion[]): string {
  const [first, ...others] = items.map((q) => q.text);
  const examples = [...new Set(others)].filter((t) => t !== first).slice(0, EXAMPLES_PER_GROUP);
  const closest = ctx.deps.search.search(first ?? "").hits[0]?.entry;
  const lines = [`${rank}. <b>${items.length}×</b> ${escapeHtml(clip(first ?? "", 150))}`];
  if (examples.length) lines.push(`   juga: ${examples.map((t) => `<i>${escapeHtml(clip(t, 80))}</i>`).join(" · ")}`);
  lines.push(closest ? `   Entri terdekat: ${escapeHtml(closest.title)} (<code>${closest.id}</code>)` : "   Entri terdekat: belum ada yang mirip");
  return lines.join("\n");
}

/** Recent questions asked (unanswered log and hand-offs), to find other phrasings of a draft's question. */
function askedQuestions(ctx: BotContext): string[] {
  const { questionLog, handoff } = ctx.deps;
  return [...questionLog.unanswered().map((q) => q.text), ...handoff.all().map((h) => h.question)].slice(0, MAX_COMPARED);
}

/**
 * What the knowledge editors need to improve answers: the questions nobody could answer, grouped
 * by meaning; the entries people marked as wrong, with the question each 👎 was about; and the
 * entry drafts made from experts' answers, as files in the `knowledge/` format.
 */
export const knowledgeAdminFeature = new Composer<BotContext>();

const admin = knowledgeAdminFeature.chatType("private");

admin.command("belumterjawab", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  const all = ctx.deps.questionLog.unanswered();
  if (all.length === 0) return void (await ctx.reply("Belum ada pertanyaan yang tidak terjawab."));
  const questions = all.slice(0, MAX_COMPARED);
  const terms = termsMemo(ctx);
  const groups = groupSimilar(questions, (q) => terms(q.text));
  const scope = all.length > questions.length ? `${questions.length} terbaru dari ${all.length}` : `${ctx.deps.config.questionRetentionDays} hari terakhir`;
  const head = `<b>Pertanyaan tanpa jawaban</b>: ${questions.length} pertanyaan dalam ${groups.length} kelompok, terbanyak di atas (${scope}).\nTambahkan atau perbaiki entri di folder knowledge/ untuk kelompok teratas.`;
  const blocks: string[] = [];
  for (const [i, group] of groups.slice(0, GROUPS_SHOWN).entries()) {
    const block = groupLines(ctx, i + 1, group.items);
    if (head.length + blocks.join("\n\n").length + block.length > MAX_MESSAGE_LENGTH - 200) break;
    blocks.push(block);
  }
  const more = groups.length > blocks.length ? `\n\n… dan ${groups.length - blocks.length} kelompok lainnya.` : "";
  await ctx.reply(`${head}\n\n${blocks.join("\n\n")}${more}`, { parse_mode: "HTML" });
});

admin.command("masukan", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  const rows = ctx.deps.store
    .collection<Feedback>("feedback")
    .entries()
    .sort(([, a], [, b]) => b.down - a.down || b.up - a.up)
    .slice(0, LIST_SIZE);
  if (rows.length === 0) return void (await ctx.reply("Belum ada masukan 👍/👎 untuk jawaban."));
  const title = (id: string) => escapeHtml(ctx.deps.search.get(id)?.title ?? id);
  const lines = rows.map(([id, f]) => `• ${title(id)}: 👍 ${f.up} · 👎 ${f.down}`);
  const downvoted = ctx.deps.questionLog
    .downvotes()
    .slice(0, 10)
    .map((d) => `• <i>${escapeHtml(clip(d.question, 100))}</i> → ${title(d.entry)}`);
  const recent = downvoted.length ? `\n\n<b>👎 terbaru: pertanyaan → jawaban yang diberikan</b>\n${downvoted.join("\n")}` : "";
  await ctx.reply(`<b>Masukan per jawaban</b> (paling banyak 👎 di atas)\n\n${lines.join("\n")}${recent}`, { parse_mode: "HTML" });
});

admin.command("drafentri", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  const done = /^selesai\s+(\S+)$/i.exec(ctx.match.trim())?.[1]?.toUpperCase();
  if (done !== undefined) {
    const cleared = ctx.deps.handoff.clearDraft(done);
    return void (await ctx.reply(cleared ? `Draf ${done} dihapus dari daftar.` : `Tidak ada draf dengan kode ${done}.`));
  }
  const drafts = ctx.deps.handoff.drafts();
  if (drafts.length === 0) return void (await ctx.reply("Belum ada draf entri. Petugas membuatnya dengan tombol 📚 Jadikan entri di bawah jawaban mereka."));
  await ctx.reply(
    `📚 ${drafts.length} draf entri dari jawaban petugas${drafts.length > DRAFTS_SENT ? ` (${DRAFTS_SENT} terbaru dikirim)` : ""}. Setiap berkas berformat knowledge/ dengan <code>sources: []</code>: isi sumber dan pasalnya, periksa isinya, simpan di knowledge/&lt;tema&gt;/, lalu jalankan <code>npm run kb:check</code>. Tanpa sumber, kb:check menolaknya dan bot tidak memakainya. Setelah selesai: <code>/drafentri selesai T-XXXXXX</code>.`,
    { parse_mode: "HTML" },
  );
  const date = ctx.deps.now().toISOString().slice(0, 10);
  const asked = askedQuestions(ctx);
  const terms = termsMemo(ctx);
  for (const handoff of drafts.slice(0, DRAFTS_SENT)) {
    const { fileName, text } = draftEntryMarkdown({ code: handoff.code, question: handoff.question, similar: similarTo(handoff.question, asked, terms), answer: handoff.answer!, verdict: handoff.draft!.verdict, date });
    await ctx.replyWithDocument(new InputFile(Buffer.from(text, "utf8"), fileName), { caption: `Draf ${handoff.code} · vonis ${VERDICT_LABEL[handoff.draft!.verdict]} · sumber belum diisi` });
  }
});
