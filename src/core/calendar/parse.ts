import { z } from "zod";
import type { KbProblem, Province, Region, SourceInfo } from "../knowledge/types.ts";
import { findProvince, placeKey, sameRegency } from "../pledge/places.ts";
import { isIsoDay } from "./dates.ts";
import { PHASES, VOTE_KINDS, votingDay, type Phase, type PhaseKey, type Scope, type Vote } from "./vote.ts";

export const CALENDAR_FILE = "kalender.yaml";

const day = z.coerce.string().refine(isIsoDay, "harus tanggal YYYY-MM-DD yang valid");
const sourceRef = z.object({ id: z.string().min(1), ref: z.string().min(1) });
const phaseSchema = z
  .object({ date: day.optional(), start: day.optional(), end: day.optional(), source: sourceRef.optional() })
  .refine((p) => (p.date !== undefined) !== (p.start !== undefined), "isi date (satu hari) atau start/end (rentang)");
const scopeSchema = z.union([z.literal("nasional"), z.object({ provinsi: z.string().min(1), kabupaten: z.string().min(1).optional() })]);
const voteSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "huruf kecil, angka, dan tanda hubung saja"),
  name: z.string().min(3),
  kind: z.enum(VOTE_KINDS),
  scope: scopeSchema,
  note: z.string().optional(),
  source: sourceRef.optional(),
  phases: z.partialRecord(z.enum(PHASES), phaseSchema),
});

type RawVote = z.infer<typeof voteSchema>;

/** What the calendar is checked against: the other knowledge files. */
export type CalendarContext = { provinces: Province[]; regions: Region[]; sources: Map<string, SourceInfo> };

/**
 * Reads `kalender.yaml` (a list of votes; empty or `[]` means no vote is planned) and checks each
 * vote the way `kb:check` reports entries: a broken vote is left out and every problem names the
 * vote and field. Checked: dates real and in order, scope names from `provinsi.yaml`, every date
 * backed by a registered source, ids unique.
 */
export function parseCalendar(raw: unknown, context: CalendarContext): { votes: Vote[]; problems: KbProblem[] } {
  const problems: KbProblem[] = [];
  const votes: Vote[] = [];
  const list = raw ?? [];
  if (!Array.isArray(list)) return { votes, problems: [{ file: CALENDAR_FILE, field: "(berkas)", message: "harus daftar pemungutan suara (setiap butir diawali '- id: ...')" }] };
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const parsed = voteSchema.safeParse(item);
    const label = typeof (item as { id?: unknown })?.id === "string" ? (item as { id: string }).id : `#${index + 1}`;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ file: CALENDAR_FILE, field: [label, ...issue.path].join("."), message: issue.message });
      return;
    }
    const own: KbProblem[] = [];
    const report = (field: string, message: string) => own.push({ file: CALENDAR_FILE, field: `${label}.${field}`, message });
    if (seen.has(parsed.data.id)) report("id", `id "${parsed.data.id}" sudah dipakai`);
    seen.add(parsed.data.id);
    const vote = buildVote(parsed.data, context, report);
    problems.push(...own);
    if (vote && own.length === 0) votes.push(vote);
  });
  votes.sort((a, b) => votingDay(a).localeCompare(votingDay(b)));
  return { votes, problems };
}

function buildVote(raw: RawVote, context: CalendarContext, report: (field: string, message: string) => void): Vote | undefined {
  const scope = buildScope(raw.scope, context, report);
  const phases: Phase[] = [];
  for (const key of PHASES) {
    const p = raw.phases[key];
    if (!p) continue;
    const start = (p.date ?? p.start) as string;
    const end = p.date ?? p.end ?? start;
    const source = p.source ?? raw.source;
    if (!source) report(`phases.${key}.source`, "setiap tanggal perlu sumber (source: {id, ref}) di tahap ini atau di pemungutan suaranya");
    else if (!context.sources.has(source.id)) report(`phases.${key}.source.id`, `sumber "${source.id}" tidak terdaftar di sources.yaml`);
    if (end < start) report(`phases.${key}`, `berakhir (${end}) sebelum dimulai (${start})`);
    if (source) phases.push({ key, start, end, source });
  }
  if (!raw.phases.voting) report("phases.voting", "tanggal pemungutan suara wajib diisi");
  checkOrder(phases, report);
  if (!scope) return undefined;
  return { id: raw.id, name: raw.name, kind: raw.kind, scope, phases, ...(raw.note ? { note: raw.note } : {}) };
}

/**
 * Stages follow each other: each starts no earlier than the one before, and campaign, quiet
 * period and voting do not overlap (the quiet period begins the day after the campaign ends).
 */
function checkOrder(phases: Phase[], report: (field: string, message: string) => void): void {
  const strict = new Set<PhaseKey>(["quiet", "voting"]);
  for (let i = 1; i < phases.length; i++) {
    const [before, after] = [phases[i - 1] as Phase, phases[i] as Phase];
    if (after.start < before.start) report(`phases.${after.key}`, `dimulai (${after.start}) sebelum ${before.key} (${before.start}); urutan tahap: ${PHASES.join(", ")}`);
    else if (strict.has(after.key) && after.start <= before.end && ["campaign", "quiet"].includes(before.key)) {
      report(`phases.${after.key}`, `dimulai (${after.start}) sebelum ${before.key} berakhir (${before.end})`);
    }
  }
}

function buildScope(raw: RawVote["scope"], context: CalendarContext, report: (field: string, message: string) => void): Scope | undefined {
  if (raw === "nasional") return { level: "nasional" };
  const province = findProvince(context.provinces, raw.provinsi);
  if (!province || placeKey(province.name) !== placeKey(raw.provinsi)) {
    report("scope.provinsi", `"${raw.provinsi}" bukan nama provinsi di provinsi.yaml${province ? ` (maksudnya "${province.name}"?)` : ""}`);
    return undefined;
  }
  if (raw.kabupaten === undefined) return { level: "provinsi", province: province.name };
  if (!/^(Kabupaten|Kota) \S/.test(raw.kabupaten)) {
    report("scope.kabupaten", `"${raw.kabupaten}" harus diawali "Kabupaten " atau "Kota " (mis. "Kabupaten Lembata", "Kota Kupang")`);
    return undefined;
  }
  const elsewhere = context.regions.find((r) => sameRegency(r.name, raw.kabupaten as string) && placeKey(r.province) !== placeKey(province.name));
  if (elsewhere) {
    report("scope.kabupaten", `${elsewhere.name} ada di Provinsi ${elsewhere.province}, bukan ${province.name}`);
    return undefined;
  }
  return { level: "kabupaten", province: province.name, kabupaten: raw.kabupaten };
}
