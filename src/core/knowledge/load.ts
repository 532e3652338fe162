import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ElectionCalendar } from "../calendar/calendar.ts";
import { CALENDAR_FILE, parseCalendar } from "../calendar/parse.ts";
import { parseEntry } from "./parse-entry.ts";
import type { Entry, KbProblem, KnowledgeBase, SourceInfo } from "./types.ts";
import { articlesHeld, conceptProblems, validateEntries } from "./validate.ts";

/** A data file every feature depends on is missing or malformed: the bot cannot start without it. */
export class KnowledgeError extends Error {
  override name = "KnowledgeError";
}

const sourceSchema = z.object({
  id: z.string().min(1),
  short: z.string().min(1),
  title: z.string().min(1),
  date: z.coerce.string().nullable().default(null),
  status: z.string().min(1),
  text: z.string().nullable().default(null),
  note: z.string().optional(),
});
const regionSchema = z.object({ name: z.string(), province: z.string(), timezone: z.enum(["WIB", "WITA", "WIT"]) });
const provinceSchema = z.object({ name: z.string().min(1), timezone: z.enum(["WIB", "WITA", "WIT"]), aliases: z.array(z.coerce.string()).default([]) });
const pledgeSchema = z.object({ title: z.string(), intro: z.string(), points: z.array(z.string()).length(4), closing: z.string(), no_election: z.string().min(1) });
const reminderSchema = z.object({
  key: z.string().regex(/^[a-z0-9+-]+$/, "huruf kecil, angka, + dan - saja"),
  anchor: z.enum(["voting", "quiet"]).default("voting"),
  offset_days: z.number().int(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "harus jam HH:MM"),
  text: z.string().min(1),
});
const lexiconSchema = z.object({ synonyms: z.record(z.string(), z.array(z.coerce.string())), stopwords: z.array(z.coerce.string()) });
const patterns = z.array(z.coerce.string().min(1));
const factSchema = z.object({
  question: z.string().min(1),
  default: z.enum(["ya", "tidak"]).optional(),
  role: z.boolean().optional(),
  outsider: z.boolean().optional(),
  lifts: z.boolean().optional(),
  both: z.enum(["ya", "tidak", "last"]).optional(),
  others: z.enum(["ya", "tidak"]).optional(),
  ya: z.object({ label: z.string().min(1).max(60), patterns }),
  tidak: z.object({ label: z.string().min(1).max(60), patterns }),
});
const conceptsSchema = z.object({
  smalltalk: z.array(z.object({ kind: z.string(), patterns, reply: z.string().min(1) })),
  refuse: patterns,
  domain: z.array(z.coerce.string()),
  fillers: patterns,
  offtopic: patterns.default([]),
  weak_domain: z.array(z.coerce.string()).default([]),
  subjects: z.array(z.coerce.string()).default([]),
  noise: patterns.default([]),
  clause_breaks: z.array(z.coerce.string()).default([]),
  question_markers: patterns.default([]),
  corrections: z.array(z.coerce.string()).default([]),
  sanction: patterns,
  verdict_question: patterns,
  info_question: patterns,
  followup: patterns,
  places: z.record(z.string(), z.array(z.coerce.string())),
  sanction_overview: z.string().optional(),
  fact_words: z.array(z.coerce.string()).default([]),
  facts: z.record(z.string().regex(/^[a-z_]+$/), factSchema),
});
const themesSchema = z.record(z.string(), z.string().min(1).max(40));

function readYaml(dir: string, file: string): unknown {
  try {
    return parseYaml(fs.readFileSync(path.join(dir, file), "utf8"));
  } catch (error) {
    throw new KnowledgeError(`${file}: tidak dapat dibaca (${(error as Error).message.split("\n")[0]})`);
  }
}

function readData<T>(dir: string, file: string, schema: z.ZodType<T, unknown>): T {
  const parsed = schema.safeParse(readYaml(dir, file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KnowledgeError(`${file}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Every entry file: Markdown in theme folders; `peraturan/` holds the legal extracts, not entries. */
function entryFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md") && f.includes(path.sep) && !f.startsWith(`peraturan${path.sep}`))
    .sort();
}

function loadSources(dir: string): { sources: Map<string, SourceInfo>; extracts: Map<string, Set<string>> } {
  const list = readData(dir, "sources.yaml", z.array(sourceSchema));
  const sources = new Map(list.map((s) => [s.id, s]));
  const extracts = new Map<string, Set<string>>();
  for (const source of list) {
    if (!source.text) continue;
    const file = path.join(dir, source.text);
    if (!fs.existsSync(file)) throw new KnowledgeError(`sources.yaml: ${source.id}.text: berkas ${source.text} tidak ada`);
    extracts.set(source.id, articlesHeld(fs.readFileSync(file, "utf8")));
  }
  return { sources, extracts };
}

/**
 * Loads and validates the whole knowledge directory. Entry problems never stop the bot: the broken
 * entry is left out and reported; a broken shared data file (sources, lexicon, pledge) throws.
 */
export function loadKnowledge(dir: string): KnowledgeBase {
  const { sources, extracts } = loadSources(dir);
  const problems: KbProblem[] = [];
  const parsed: Entry[] = [];
  for (const file of entryFiles(dir)) {
    const result = parseEntry(file, fs.readFileSync(path.join(dir, file), "utf8"));
    if (result.entry) parsed.push(result.entry);
    else problems.push(...result.problems);
  }
  const { valid, problems: crossProblems } = validateEntries(parsed, sources, extracts);
  const concepts = readData(dir, "concepts.yaml", conceptsSchema);
  const regions = Object.entries(readData(dir, "daerah/regions.yaml", z.record(z.string(), regionSchema))).map(([id, r]) => ({ id, ...r }));
  const provinces = readData(dir, "provinsi.yaml", z.array(provinceSchema).min(1));
  const calendar = parseCalendar(readYaml(dir, CALENDAR_FILE), { provinces, regions, sources });
  const { no_election: noElection, ...pledge } = readData(dir, "ikrar.yaml", pledgeSchema);
  const lexicon = readData(dir, "lexicon.yaml", lexiconSchema);
  return {
    entries: valid,
    sources,
    regions,
    provinces,
    pledge: { ...pledge, noElection },
    reminders: readData(dir, "pengingat.yaml", z.array(reminderSchema)).map((r) => ({ key: r.key, anchor: r.anchor, offsetDays: r.offset_days, time: r.time, text: r.text })),
    calendar: new ElectionCalendar(calendar.votes),
    lexicon,
    concepts,
    themes: new Map(Object.entries(readData(dir, "themes.yaml", themesSchema))),
    problems: [...problems, ...crossProblems, ...calendar.problems, ...conceptProblems(concepts, valid, regions.map((r) => r.id), lexicon)],
  };
}
