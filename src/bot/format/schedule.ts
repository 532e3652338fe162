import type { Place } from "../../core/calendar/calendar.ts";
import { daysBetween, formatRange } from "../../core/calendar/dates.ts";
import { PHASE_LABELS, PHASES, scopeLabel, votingDay, type Phase, type PhaseKey, type Vote } from "../../core/calendar/vote.ts";
import type { SourceInfo } from "../../core/knowledge/types.ts";
import { escapeHtml } from "./html.ts";

/** Votes shown at once: more would bury the one that matters. */
const MAX_VOTES = 3;

/** The plain statement the issue asks for when nothing is planned. */
export const NO_UPCOMING_VOTE = "Belum ada jadwal pemungutan suara berikutnya di kalender.";

/** "12 hari lagi", "sedang berlangsung", "hari ini", "sudah lewat": where a stage stands today. */
export function relativeTo(phase: Pick<Phase, "start" | "end">, today: string): string {
  if (today > phase.end) return "sudah lewat";
  if (today >= phase.start) return phase.start === phase.end ? "hari ini" : "sedang berlangsung";
  const days = daysBetween(today, phase.start);
  return days === 1 ? "besok" : `${days} hari lagi`;
}

/** "Kabupaten Lembata, Nusa Tenggara Timur" / "Provinsi Maluku" / undefined. */
export function placeLabel(place: Place | undefined): string | undefined {
  if (!place?.province) return undefined;
  return place.kabupaten ? `${place.kabupaten}, ${place.province}` : `Provinsi ${place.province}`;
}

function phaseLine(phase: Phase, today: string, withStatus: boolean): string {
  const status = withStatus ? ` — <i>${relativeTo(phase, today)}</i>` : "";
  return `• ${PHASE_LABELS[phase.key]}: <b>${formatRange(phase.start, phase.end)}</b>${status}`;
}

/** The sources a vote's dates come from, by their short names ("PKPU 2/2024"). */
function sourceLine(vote: Vote, sources: Map<string, SourceInfo>): string {
  const names = [...new Set(vote.phases.map((p) => sources.get(p.source.id)?.short ?? p.source.id))];
  return `Sumber: ${escapeHtml(names.join("; "))}`;
}

/**
 * One vote with the asked stages (or all), their dates and where each stands today, and the
 * sources the dates come from. A stage the calendar does not give is said so, never guessed.
 */
export function voteBlock(vote: Vote, phases: PhaseKey[] | "all", today: string, sources: Map<string, SourceInfo>): string {
  const isPast = votingDay(vote) < today;
  const header = `🗳 <b>${escapeHtml(vote.name)}</b> — ${escapeHtml(scopeLabel(vote.scope))}`;
  const keys = phases === "all" ? PHASES.filter((k) => vote.phases.some((p) => p.key === k)) : phases;
  const lines = keys.map((key) => {
    const phase = vote.phases.find((p) => p.key === key);
    return phase ? phaseLine(phase, today, !isPast) : `• ${PHASE_LABELS[key]}: tidak tercantum di kalender`;
  });
  const daysLeft = daysBetween(today, votingDay(vote));
  const countdown = keys.includes("voting") || daysLeft < 0 ? [] : [daysLeft === 0 ? "⏳ Pemungutan suara <b>hari ini</b>." : `⏳ Pemungutan suara <b>${daysLeft} hari lagi</b>.`];
  return [header, ...(vote.note ? [`<i>${escapeHtml(vote.note)}</i>`] : []), ...lines, ...countdown, sourceLine(vote, sources)].join("\n");
}

/** Several votes, soonest first, separated by a blank line. */
export function voteBlocks(votes: Vote[], phases: PhaseKey[] | "all", today: string, sources: Map<string, SourceInfo>): string {
  return votes
    .slice(0, MAX_VOTES)
    .map((vote) => voteBlock(vote, phases, today, sources))
    .join("\n\n");
}
