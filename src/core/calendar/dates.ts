import { UTC_OFFSET_HOURS, type Timezone } from "../broadcast/chats.ts";

/**
 * Calendar days as `YYYY-MM-DD` strings: the calendar's dates are days, not instants, and a day
 * starts at local midnight in each of Indonesia's three zones.
 */
const DAY_MS = 86_400_000;

function epochDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

/** True for a real `YYYY-MM-DD` date (not 2026-02-30). */
export function isIsoDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

/** The day `days` after (or before) `day`. */
export function addDays(day: string, days: number): string {
  return new Date((epochDay(day) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(epochDay(to) - epochDay(from));
}

/** The local calendar day of an instant in a zone (fixed offsets: Indonesia has no daylight saving). */
export function localDay(at: Date, timezone: Timezone): string {
  return new Date(at.getTime() + UTC_OFFSET_HOURS[timezone] * 3600_000).toISOString().slice(0, 10);
}

/** The instant a local time of day (`HH:MM`) on `day` happens in a zone. */
export function localInstant(day: string, time: string, timezone: Timezone): Date {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return new Date(epochDay(day) * DAY_MS + ((hour - UTC_OFFSET_HOURS[timezone]) * 60 + minute) * 60_000);
}

const dayFormat = new Intl.DateTimeFormat("id-ID", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** "27 November 2024". */
export function formatDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** "24–26 November 2024", "28 November 2023 – 10 Februari 2024", or one day. */
export function formatRange(start: string, end: string): string {
  if (start === end) return formatDay(start);
  const [a, b] = [formatDay(start), formatDay(end)];
  if (start.slice(0, 7) === end.slice(0, 7)) return `${Number(start.slice(8))}–${b}`;
  if (start.slice(0, 4) === end.slice(0, 4)) return `${a.replace(/ \d{4}$/, "")} – ${b}`;
  return `${a} – ${b}`;
}
