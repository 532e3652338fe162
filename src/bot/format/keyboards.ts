import { InlineKeyboard } from "grammy";
import type { Decision } from "../../core/answering/answerer.ts";
import type { Hit } from "../../core/knowledge/search.ts";
import type { Entry } from "../../core/knowledge/types.ts";
import { callbackData, clip } from "./html.ts";

const BUTTON_TEXT = 60;
const TOPICS_BUTTON = "📚 Lihat daftar topik";

/** Opens an entry's short answer. */
function entryButton(keyboard: InlineKeyboard, entry: Entry, label = `❓ ${entry.title}`): InlineKeyboard {
  return keyboard.text(clip(label, BUTTON_TEXT), callbackData("q", entry.id)).row();
}

/**
 * Under an answer: the full explanation, up to two related questions, the report link for a
 * "tidak boleh", and feedback.
 */
export function answerKeyboard(entry: Entry, others: Entry[], botUsername: string | undefined): InlineKeyboard {
  const keyboard = new InlineKeyboard().text("📖 Selengkapnya", callbackData("more", entry.id)).row();
  for (const other of others.slice(0, 2)) entryButton(keyboard, other);
  if (entry.verdict === "tidak_boleh" && botUsername) keyboard.url("🚨 Laporkan pelanggaran (anonim)", `https://t.me/${botUsername}?start=lapor`).row();
  return keyboard.text("👍 Membantu", callbackData("fb", "+", entry.id)).text("👎 Kurang tepat", callbackData("fb", "-", entry.id));
}

/** The one-tap answers to a clarifying question; each leads to the entry it decides. */
export function clarifyKeyboard(decision: Extract<Decision, { kind: "clarify" }>): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const option of decision.options) entryButton(keyboard, option.entry, option.label);
  return keyboard;
}

/** Under a refusal: the closest topics, if any, and the topic list. */
export function refusalKeyboard(hits: Hit[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const hit of hits.slice(0, 3)) entryButton(keyboard, hit.entry);
  return keyboard.text(TOPICS_BUTTON, callbackData("tp")).row();
}

/** The way into /topik from a greeting. */
export function topicsKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text(TOPICS_BUTTON, callbackData("tp"));
}
