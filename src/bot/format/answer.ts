import { SANCTION_THEME } from "../../core/answering/answerer.ts";
import type { Entry, SourceInfo, Verdict } from "../../core/knowledge/types.ts";
import { clip, escapeHtml, MAX_MESSAGE_LENGTH } from "./html.ts";

/** The verdict first, with a symbol that reads at a glance on a small screen. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  boleh: "✅ Boleh",
  tidak_boleh: "❌ Tidak boleh",
  bersyarat: "⚠️ Bersyarat",
  info: "ℹ️ Info",
};

export const DISCLAIMER = "Ini panduan umum, bukan nasihat hukum. Untuk kasus tertentu, konsultasikan dengan BKPSDM/Inspektorat atau Bawaslu setempat.";

/** The disclaimer as one short line, for the first message. */
export const SHORT_DISCLAIMER = "Panduan umum, bukan nasihat hukum.";

/** First-message budgets (characters) that keep an answer on one phone screen. */
const SUMMARY_MAX = 330;
const LINE_MAX = 200;
const SANCTION_MAX = 260;

/** "PP 94/2021 Pasal 5 huruf n angka 6", using the registry's short name. */
export function citation(ref: { id: string; ref: string }, sources: Map<string, SourceInfo>): string {
  const short = sources.get(ref.id)?.short ?? ref.id;
  return `${short} ${ref.ref}`.trim();
}

/** The entry's direct answer: its `summary`, else its first sentences. */
export function summaryOf(entry: Entry): string {
  if (entry.summary) return entry.summary;
  const sentences = entry.body.replace(/\s+/g, " ").split(/(?<=[.!?])\s+(?=[A-Z0-9"(])/);
  let out = "";
  for (const sentence of sentences.slice(0, 2)) {
    if (out && out.length + sentence.length > SUMMARY_MAX) break;
    out = out ? `${out} ${sentence}` : sentence;
  }
  return clip(out, SUMMARY_MAX);
}

/**
 * The opening of a sanction, which says the level: up to two sentences ("Terkait bakal calon: ...
 * Terkait calon: ..."), so the lighter case never stands alone; the rest is in "Selengkapnya".
 */
function sanctionLine(text: string): string {
  const sentences = text.split(/(?<=[.;])\s+/);
  const two = sentences.slice(0, 2).join(" ");
  const line = (two.length <= SANCTION_MAX ? two : (sentences[0] ?? text)).replace(/[;,]$/, ".");
  return clip(line, SANCTION_MAX);
}

/**
 * The first message, shaped for a phone: verdict and title, the direct answer, the condition for
 * "bersyarat", the articles in one line and the sanction in one line. For a sanction question
 * about an act (`act`), the act's own sanction comes first.
 */
export function formatShortAnswer(entry: Entry, sources: Map<string, SourceInfo>, act?: Entry): string {
  const lines = [`<b>${VERDICT_LABEL[entry.verdict]}</b> — ${escapeHtml(entry.title)}`, "", escapeHtml(summaryOf(entry))];
  if (act?.sanction) lines.push("", `⚖️ <b>Untuk "${escapeHtml(clip(act.title, 80))}":</b> ${escapeHtml(sanctionLine(act.sanction))}`);
  if (entry.verdict === "bersyarat" && entry.condition) lines.push("", `⚠️ <b>Syarat:</b> ${escapeHtml(entry.condition)}`);
  const cited = entry.sources.slice(0, 3).map((s) => citation(s, sources));
  lines.push("", `📜 ${escapeHtml(clip(cited.join("; "), LINE_MAX))}${entry.sources.length > 3 ? " dll." : ""}`);
  if (entry.sanction && !act && !entry.file.startsWith(SANCTION_THEME)) lines.push(`⚖️ <b>Sanksi:</b> ${escapeHtml(sanctionLine(entry.sanction))}`);
  lines.push("", `<i>${SHORT_DISCLAIMER}</i>`);
  return lines.join("\n");
}

/** The full answer in HTML: verdict, explanation, legal basis, sanction, disclaimer; never over 4096 characters. */
export function formatAnswer(entry: Entry, sources: Map<string, SourceInfo>, regionNote?: string): string {
  const head = `<b>${VERDICT_LABEL[entry.verdict]}</b> — ${escapeHtml(entry.title)}`;
  const basis = `📜 <b>Dasar hukum</b>\n${entry.sources.map((s) => `• ${escapeHtml(citation(s, sources))}`).join("\n")}`;
  const sanction = entry.sanction ? `⚖️ <b>Sanksi:</b> ${escapeHtml(entry.sanction)}` : undefined;
  const region = regionNote ? `📍 ${escapeHtml(regionNote)}` : undefined;
  const tail = [basis, sanction, region, `<i>${escapeHtml(DISCLAIMER)}</i>`].filter(Boolean).join("\n\n");
  const room = MAX_MESSAGE_LENGTH - head.length - tail.length - 8;
  return `${head}\n\n${escapeHtml(clip(entry.body, Math.max(200, room)))}\n\n${tail}`;
}
