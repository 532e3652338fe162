/**
 * Pledge dates are shown and counted in WIB (Asia/Jakarta): one clock for receipts, statistics and
 * exports, so an agency's "today" is the same in all three. Indonesia has no daylight saving time,
 * so a fixed offset is exact.
 */
const WIB_OFFSET_MS = 7 * 3600_000;

/** The WIB calendar day of an instant, as `YYYY-MM-DD`; the key statistics count days by. */
export function wibDay(at: Date): string {
  return new Date(at.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 in WIB: the same day as `wibDay`, as a number for cheap map keys. */
export function wibDayNumber(epochMs: number): number {
  return Math.floor((epochMs + WIB_OFFSET_MS) / 86_400_000);
}

/** The `YYYY-MM-DD` of a `wibDayNumber`. */
export function dayFromNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The WIB calendar month of an instant as a number `YYYYMM`, for comparing with the TMT in a NIP. */
export function wibMonthNumber(at: Date): number {
  const day = wibDay(at);
  return Number(day.slice(0, 4)) * 100 + Number(day.slice(5, 7));
}

const longDate = new Intl.DateTimeFormat("id-ID", { timeZone: "Asia/Jakarta", day: "numeric", month: "long", year: "numeric" });
const clockTime = new Intl.DateTimeFormat("id-ID", { timeZone: "Asia/Jakarta", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "22 November 2026": how Indonesian letters write a date. */
export function formatLongDate(at: Date): string {
  return longDate.format(at);
}

/** "22 November 2026 pukul 10.05 WIB": receipts name the zone, since readers live in three. */
export function formatDateTime(at: Date): string {
  return `${longDate.format(at)} pukul ${clockTime.format(at).replace(":", ".")} WIB`;
}

/** "2026-11-22 10:05": sortable and unambiguous in a spreadsheet cell. */
export function formatSheetDateTime(at: Date): string {
  return `${wibDay(at)} ${clockTime.format(at).replace(".", ":")}`;
}

/** A `YYYY-MM-DD` calendar date written out ("14 Juli 1985"), without time-zone drift. */
export function formatCalendarDate(isoDay: string): string {
  return new Intl.DateTimeFormat("id-ID", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(new Date(`${isoDay}T00:00:00Z`));
}

const weekday = new Intl.DateTimeFormat("id-ID", { timeZone: "UTC", weekday: "short" });

/** "Sen 16/11": a `YYYY-MM-DD` day short enough for a chart axis or a statistics line. */
export function formatShortDay(isoDay: string): string {
  const [, month, day] = isoDay.split("-");
  return `${weekday.format(new Date(`${isoDay}T00:00:00Z`))} ${Number(day)}/${Number(month)}`;
}
