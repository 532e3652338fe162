import { InlineKeyboard } from "grammy";
import type { Province } from "../core/pledge/places.ts";

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
