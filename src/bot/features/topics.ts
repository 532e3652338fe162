import { Composer, InlineKeyboard } from "grammy";
import type { Entry, KnowledgeBase } from "../../core/knowledge/types.ts";
import type { BotContext } from "../context.ts";
import { VERDICT_LABEL } from "../format/answer.ts";
import { callbackData, clip, escapeHtml } from "../format/html.ts";

const BUTTON_TEXT = 60;

/** The theme of an entry is its folder (`kampanye/…md` → `kampanye`). */
function themeOf(entry: Entry): string {
  return entry.file.split(/[\\/]/)[0] ?? "";
}

/** Themes with entries, in the order of `themes.yaml`; unlisted folders come last under their own name. */
export function themesWithEntries(knowledge: KnowledgeBase): { id: string; label: string; entries: Entry[] }[] {
  const byTheme = new Map<string, Entry[]>();
  for (const entry of knowledge.entries) byTheme.set(themeOf(entry), [...(byTheme.get(themeOf(entry)) ?? []), entry]);
  const order = [...knowledge.themes.keys(), ...[...byTheme.keys()].filter((t) => !knowledge.themes.has(t)).sort()];
  return order.filter((id) => byTheme.has(id)).map((id) => ({ id, label: knowledge.themes.get(id) ?? id, entries: byTheme.get(id) ?? [] }));
}

async function listThemes(ctx: BotContext): Promise<void> {
  const keyboard = new InlineKeyboard();
  for (const theme of themesWithEntries(ctx.deps.knowledge)) keyboard.text(`${theme.label} (${theme.entries.length})`, callbackData("tp", theme.id)).row();
  await ctx.reply("📚 <b>Daftar topik</b>\nPilih topik, lalu pilih pertanyaan yang paling dekat dengan situasi Anda:", { parse_mode: "HTML", reply_markup: keyboard });
}

/**
 * Browse by topic (`/topik`, and the button on /start and under refusals): themes, then a theme's
 * entries, for people who would rather tap than type.
 */
export const topicsFeature = new Composer<BotContext>();

topicsFeature.command("topik", listThemes);

topicsFeature.callbackQuery("tp", async (ctx) => {
  await ctx.answerCallbackQuery();
  await listThemes(ctx);
});

topicsFeature.callbackQuery(/^tp:([a-z0-9-]+)$/, async (ctx) => {
  const theme = themesWithEntries(ctx.deps.knowledge).find((t) => t.id === ctx.match[1]);
  if (!theme) {
    await ctx.answerCallbackQuery({ text: "Topik ini sudah tidak tersedia." });
    return;
  }
  await ctx.answerCallbackQuery();
  const keyboard = new InlineKeyboard();
  for (const entry of theme.entries) keyboard.text(clip(`${VERDICT_LABEL[entry.verdict].split(" ")[0]} ${entry.title}`, BUTTON_TEXT), callbackData("q", entry.id)).row();
  keyboard.text("⬅️ Semua topik", callbackData("tp"));
  await ctx.reply(`<b>${escapeHtml(theme.label)}</b>\nPilih pertanyaan:`, { parse_mode: "HTML", reply_markup: keyboard });
});
