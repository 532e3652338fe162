import { covers, type Place } from "../calendar/calendar.ts";
import { addDays, daysBetween, formatDay, localInstant } from "../calendar/dates.ts";
import { phaseOf, votingDay, type Vote } from "../calendar/vote.ts";
import type { ReminderTemplate } from "../knowledge/types.ts";
import { TIMEZONES, UTC_OFFSET_HOURS, type Timezone } from "./chats.ts";

/**
 * One reminder of one vote in one time zone: due at `template.time` local time on `day`.
 * `key` (vote id / template key) names it in the delivery ledger, so each vote's reminders are
 * sent once, whatever else the calendar holds.
 */
export type ReminderSlot = { key: string; vote: Vote; template: ReminderTemplate; timezone: Timezone; day: string; at: Date; daysToVote: number };

/** A chat as the plan sees it: its zone and, if known, its province and kabupaten/kota. */
export type PlanTarget = Place & { timezone: Timezone };

const dayFormat = new Intl.DateTimeFormat("id-ID", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });

/** "Selasa, 24 November 2026 pukul 07.00 WITA": a slot as the chat reads it, in its own zone. */
export function formatLocalTime(at: Date, timezone: Timezone): string {
  const local = new Date(at.getTime() + UTC_OFFSET_HOURS[timezone] * 3600_000);
  const clock = local.toISOString().slice(11, 16).replace(":", ".");
  return `${dayFormat.format(local)} pukul ${clock} ${timezone}`;
}

/** "H-7", "Hari H", "H+1": how agencies name the days around the vote. */
export function dayLabel(daysToVote: number): string {
  if (daysToVote === 0) return "Hari H";
  return `H${daysToVote < 0 ? "+" : "-"}${Math.abs(daysToVote)}`;
}

/** A template in words for the greeting and settings: "H-7" or "hari pertama masa tenang". */
export function templateLabel(template: ReminderTemplate): string {
  if (template.anchor === "voting") return dayLabel(-template.offsetDays);
  const shift = template.offsetDays === 0 ? "" : ` ${template.offsetDays > 0 ? "+" : "-"}${Math.abs(template.offsetDays)} hari`;
  return `hari pertama masa tenang${shift}`;
}

/** The day a template falls on for a vote; none when it is anchored on a stage the vote lacks. */
function slotDay(vote: Vote, template: ReminderTemplate): string | undefined {
  const anchor = template.anchor === "quiet" ? phaseOf(vote, "quiet")?.start : votingDay(vote);
  return anchor === undefined ? undefined : addDays(anchor, template.offsetDays);
}

/**
 * Every reminder of every vote in every zone, in time order; slots before `since` are left out
 * (past votes are history, not work). Times are local: 09:00 is 00:00 UTC for a WIT group and
 * 02:00 UTC for a WIB group, so each group is reminded at the same hour of its day.
 */
export function reminderPlan(votes: Vote[], templates: ReminderTemplate[], since = new Date(0)): ReminderSlot[] {
  const slots: ReminderSlot[] = [];
  for (const vote of votes) {
    for (const template of templates) {
      const day = slotDay(vote, template);
      if (day === undefined) continue;
      const daysToVote = daysBetween(day, votingDay(vote));
      for (const timezone of TIMEZONES) {
        const at = localInstant(day, template.time, timezone);
        if (at >= since) slots.push({ key: `${vote.id}/${template.key}`, vote, template, timezone, day, at, daysToVote });
      }
    }
  }
  return slots.sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
}

/**
 * Which of two slots on the same day a chat gets: the one closest to its vote (Hari H beats the
 * H-3 of a re-vote three days later), then the earlier one. One reminder a morning is enough.
 */
function preferred(a: ReminderSlot, b: ReminderSlot): ReminderSlot {
  const order = Math.abs(a.daysToVote) - Math.abs(b.daysToVote) || a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key);
  return order <= 0 ? a : b;
}

/** A chat's own reminders: the votes covering its place, in its zone, at most one a day. */
export function chatPlan(plan: ReminderSlot[], target: PlanTarget): ReminderSlot[] {
  const byDay = new Map<string, ReminderSlot>();
  for (const slot of plan) {
    if (slot.timezone !== target.timezone || !covers(slot.vote.scope, target)) continue;
    const other = byDay.get(slot.day);
    byDay.set(slot.day, other ? preferred(other, slot) : slot);
  }
  return [...byDay.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Whether a chat gets this slot (its vote covers the chat and no closer reminder shares its day). */
export function receives(plan: ReminderSlot[], target: PlanTarget, slot: ReminderSlot): boolean {
  return chatPlan(plan, target).includes(slot);
}

/** The next reminder a chat will get, for the settings screens. */
export function nextSlot(plan: ReminderSlot[], target: PlanTarget, now: Date): ReminderSlot | undefined {
  return chatPlan(plan, target).find((slot) => slot.at > now);
}

/** The reminder text with `{tanggal}`, `{sisa_hari}` and `{pemilihan}` filled in (plain text, not yet escaped). */
export function renderReminder(slot: ReminderSlot): string {
  return slot.template.text
    .replaceAll("{tanggal}", formatDay(votingDay(slot.vote)))
    .replaceAll("{sisa_hari}", String(Math.max(0, slot.daysToVote)))
    .replaceAll("{pemilihan}", slot.vote.name);
}
