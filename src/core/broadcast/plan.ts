import type { ReminderTemplate } from "../knowledge/types.ts";
import { TIMEZONES, UTC_OFFSET_HOURS, type Timezone } from "./chats.ts";

/** One reminder in one time zone: due at `template.time` local time, `offsetDays` from the vote. */
export type ReminderSlot = { key: string; timezone: Timezone; at: Date; template: ReminderTemplate };

const dateFormat = new Intl.DateTimeFormat("id-ID", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
const dayFormat = new Intl.DateTimeFormat("id-ID", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });

/** "27 November 2026": the `{tanggal}` of the reminder texts, from `YYYY-MM-DD`. */
export function formatElectionDate(electionDate: string): string {
  return dateFormat.format(new Date(`${electionDate}T00:00:00Z`));
}

/** "Selasa, 24 November 2026 pukul 07.00 WITA": a slot as the chat reads it, in its own zone. */
export function formatLocalTime(at: Date, timezone: Timezone): string {
  const local = new Date(at.getTime() + UTC_OFFSET_HOURS[timezone] * 3600_000);
  const clock = local.toISOString().slice(11, 16).replace(":", ".");
  return `${dayFormat.format(local)} pukul ${clock} ${timezone}`;
}

/** "H-7", "Hari H", "H+1": how agencies name the days around the vote. */
export function reminderLabel(template: ReminderTemplate): string {
  if (template.offsetDays === 0) return "Hari H";
  return `H${template.offsetDays > 0 ? "+" : "-"}${Math.abs(template.offsetDays)}`;
}

/**
 * Every reminder in every zone, in time order. Times are local: H-7 09:00 is 00:00 UTC for a
 * WIT group and 02:00 UTC for a WIB group, so each group is reminded at the same hour of its day.
 */
export function reminderPlan(electionDate: string, templates: ReminderTemplate[]): ReminderSlot[] {
  const [year, month, day] = electionDate.split("-").map(Number) as [number, number, number];
  const slots = templates.flatMap((template) =>
    TIMEZONES.map((timezone) => {
      const [hour, minute] = template.time.split(":").map(Number) as [number, number];
      const at = new Date(Date.UTC(year, month - 1, day + template.offsetDays, hour - UTC_OFFSET_HOURS[timezone], minute));
      return { key: template.key, timezone, at, template };
    }),
  );
  return slots.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The next reminder a chat in `timezone` will get, for the settings screens. */
export function nextSlot(plan: ReminderSlot[], timezone: Timezone, now: Date): ReminderSlot | undefined {
  return plan.find((slot) => slot.timezone === timezone && slot.at > now);
}

/** The reminder text with `{tanggal}` and `{sisa_hari}` filled in (plain text, not yet escaped). */
export function renderReminder(template: ReminderTemplate, electionDate: string): string {
  return template.text.replaceAll("{tanggal}", formatElectionDate(electionDate)).replaceAll("{sisa_hari}", String(Math.max(0, -template.offsetDays)));
}
