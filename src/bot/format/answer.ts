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

/** "PP 94/2021 Pasal 5 huruf n angka 6", using the registry's short name. */
export function citation(ref: { id: string; ref: string }, sources: Map<string, SourceInfo>): string {
  const short = sources.get(ref.id)?.short ?? ref.id;
  return `${short} ${ref.ref}`.trim();
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
