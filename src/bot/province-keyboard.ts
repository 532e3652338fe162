import { type Composer, InlineKeyboard } from "grammy";
import type { Province } from "../core/pledge/places.ts";
import type { BotContext } from "./context.ts";
import { callbackData } from "./format/html.ts";

/** 38 provinces do not fit one keyboard comfortably on a phone: ten per page, two per row. */
const PAGE_SIZE = 10;

/** "Kepulauan Bangka Belitung" → "kepulauan-bangka-belitung": fits callback data and survives list reordering. */
export function provinceSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The province a button's slug names (undefined for a stale or forged button). */
export function provinceBySlug(provinces: Province[], slug: string): Province | undefined {
  return provinces.find((p) => provinceSlug(p.name) === slug);
}

/** How many pages the picker has. */
export function provincePages(provinces: Province[]): number {
  return Math.max(1, Math.ceil(provinces.length / PAGE_SIZE));
}

/**
 * A page of province buttons with paging and an optional back button; the callers decide the
 * callback data (group settings, private reminders and broadcast filters share this picker).
 */
export function provinceKeyboard(provinces: Province[], page: number, data: { page: (n: number) => string; pick: (slug: string) => string }, back?: { text: string; data: string }): InlineKeyboard {
  const last = provincePages(provinces) - 1;
  const current = Math.min(Math.max(0, page), last);
  const keyboard = new InlineKeyboard();
  provinces.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE).forEach((province, i) => {
    keyboard.text(`${province.name} (${province.timezone})`, data.pick(provinceSlug(province.name)));
    if (i % 2 === 1) keyboard.row();
  });
  keyboard.row();
  if (current > 0) keyboard.text("‹ Sebelumnya", data.page(current - 1));
  if (current < last) keyboard.text("Berikutnya ›", data.page(current + 1));
  if (back) keyboard.row().text(back.text, back.data);
  return keyboard;
}

/**
 * Installs the paged province picker under a callback prefix: `<prefix>:pg:<page>` turns pages,
 * `<prefix>:pv:<slug>` picks, `<prefix>:menu` is the back button the feature handles itself.
 * Group settings and private reminders both choose a province this way.
 */
export function installProvincePicker<C extends BotContext>(
  composer: Composer<C>,
  options: { prefix: string; prompt: string; onPick: (ctx: C, province: Province) => Promise<void> },
): void {
  const { prefix, prompt, onPick } = options;
  composer.callbackQuery(new RegExp(`^${prefix}:pg:(\\d+)$`), async (ctx) => {
    await ctx.answerCallbackQuery();
    const data = { page: (n: number) => callbackData(prefix, "pg", String(n)), pick: (slug: string) => callbackData(prefix, "pv", slug) };
    const keyboard = provinceKeyboard(ctx.deps.knowledge.provinces, Number(ctx.match?.[1]), data, { text: "‹ Kembali", data: callbackData(prefix, "menu") });
    await ctx.editMessageText(prompt, { reply_markup: keyboard });
  });
  composer.callbackQuery(new RegExp(`^${prefix}:pv:([a-z0-9-]+)$`), async (ctx) => {
    const province = provinceBySlug(ctx.deps.knowledge.provinces, String(ctx.match?.[1]));
    if (!province) {
      await ctx.answerCallbackQuery({ text: "Provinsi itu tidak ada dalam daftar. Silakan pilih lagi." });
      return;
    }
    await ctx.answerCallbackQuery({ text: `Zona waktu: ${province.timezone}` });
    await onPick(ctx, province);
  });
}
