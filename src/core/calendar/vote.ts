import type { SourceRef } from "../knowledge/types.ts";

/**
 * The stages of a vote that change what an ASN may do, in the order they happen. Keys are the
 * ones `knowledge/kalender.yaml` uses.
 */
export const PHASES = ["registration", "candidates_set", "campaign", "quiet", "voting", "counting"] as const;

export type PhaseKey = (typeof PHASES)[number];

/** How each stage is called in Indonesian, for /jadwal and date answers. */
export const PHASE_LABELS: Record<PhaseKey, string> = {
  registration: "Pendaftaran pasangan calon",
  candidates_set: "Penetapan pasangan calon",
  campaign: "Masa kampanye",
  quiet: "Masa tenang",
  voting: "Pemungutan suara",
  counting: "Penghitungan dan rekapitulasi suara",
};

/** The kinds of vote the calendar knows; a re-vote (PSU) in one region has its own dates. */
export const VOTE_KINDS = ["pemilu", "pilkada", "pemungutan-suara-ulang", "pemungutan-suara-lanjutan", "pemungutan-suara-susulan"] as const;

export type VoteKind = (typeof VOTE_KINDS)[number];

/** Who votes: the whole country, one province, or one kabupaten/kota (named as in `provinsi.yaml`). */
export type Scope = { level: "nasional" } | { level: "provinsi"; province: string } | { level: "kabupaten"; province: string; kabupaten: string };

/** One stage with its first and last day (`YYYY-MM-DD`, equal for one-day stages) and where the dates come from. */
export type Phase = { key: PhaseKey; start: string; end: string; source: SourceRef };

/** One vote of the calendar; `phases` are in `PHASES` order and always include `voting`. */
export type Vote = { id: string; name: string; kind: VoteKind; scope: Scope; phases: Phase[]; note?: string };

/** A vote's stage, if the calendar gives it. */
export function phaseOf(vote: Vote, key: PhaseKey): Phase | undefined {
  return vote.phases.find((p) => p.key === key);
}

/** The voting day (`YYYY-MM-DD`); every valid vote has one. */
export function votingDay(vote: Vote): string {
  return (phaseOf(vote, "voting") as Phase).start;
}

/** The last day any stage of the vote runs (counting usually ends last). */
export function lastDay(vote: Vote): string {
  return vote.phases.reduce((last, p) => (p.end > last ? p.end : last), votingDay(vote));
}

/** "Provinsi Maluku", "Kabupaten Seram Bagian Barat (Maluku)", "seluruh Indonesia". */
export function scopeLabel(scope: Scope): string {
  if (scope.level === "nasional") return "seluruh Indonesia";
  if (scope.level === "provinsi") return `Provinsi ${scope.province}`;
  return `${scope.kabupaten} (${scope.province})`;
}
