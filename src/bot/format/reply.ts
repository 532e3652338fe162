import type { Decision } from "../../core/answering/answerer.ts";
import type { SourceInfo } from "../../core/knowledge/types.ts";
import { formatShortAnswer } from "./answer.ts";
import { escapeHtml } from "./html.ts";

export const REFUSAL_OFFTOPIC = "Maaf, saya hanya menjawab pertanyaan seputar netralitas ASN dalam pemilu dan pilkada.";
export const REFUSAL_REQUEST = "Maaf, saya tidak dapat membantu permintaan itu. Saya hanya menjelaskan aturan netralitas ASN dalam pemilu dan pilkada, tanpa memihak calon mana pun.";
export const REFUSAL_UNSURE = "Maaf, saya belum punya jawaban yang cukup yakin untuk pertanyaan itu.";
export const RECORDED = "Pertanyaan Anda dicatat (tanpa identitas) agar tim kami dapat melengkapi jawaban.";
export const EMPTY_QUESTION = "Silakan tulis pertanyaan Anda, misalnya: bolehkah PNS hadir di kampanye tanpa atribut?";

/**
 * The first message for a decision, in Telegram HTML. The CLI shows the same text as plain text
 * (`htmlToText`), so what `npm run ask` prints is what the chat shows.
 */
export function replyHtml(decision: Decision, sources: Map<string, SourceInfo>, { recorded = true }: { recorded?: boolean } = {}): string {
  switch (decision.kind) {
    case "answer":
      return formatShortAnswer(decision.entry, sources, decision.act);
    case "clarify":
      return `🤔 ${escapeHtml(decision.question)}\n\nPilih salah satu di bawah ini:`;
    case "smalltalk":
      return escapeHtml(decision.reply);
    case "refuse":
      return refusalHtml(decision, recorded);
  }
}

/** `recorded`: the question was kept for the admins (not when it may be report text). */
function refusalHtml(decision: Extract<Decision, { kind: "refuse" }>, recorded: boolean): string {
  if (decision.reason === "empty") return escapeHtml(EMPTY_QUESTION);
  if (decision.reason === "request") return escapeHtml(REFUSAL_REQUEST);
  const lead = decision.reason === "offtopic" ? REFUSAL_OFFTOPIC : `${REFUSAL_UNSURE} Saya hanya menjawab soal netralitas ASN dalam pemilu dan pilkada.`;
  const closest = decision.hits.length
    ? "Mungkin yang Anda maksud salah satu topik di bawah ini, atau ketik /topik untuk melihat semua topik."
    : "Coba tulis ulang dengan kata lain, misalnya: <i>Bolehkah PNS memberi like unggahan calon?</i> Atau ketik /topik.";
  return `${escapeHtml(lead)}\n\n${closest}${recorded ? `\n\n${escapeHtml(RECORDED)}` : ""}`;
}
