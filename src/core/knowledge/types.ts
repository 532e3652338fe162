import type { ElectionCalendar } from "../calendar/calendar.ts";

/** How an answer is classified; the bot shows it first because it is what the asker needs most. */
export type Verdict = "boleh" | "tidak_boleh" | "bersyarat" | "info";

/** One citation: a registered source id and the article or item inside it. */
export type SourceRef = { id: string; ref: string };

/** One question-and-answer entry, loaded from a Markdown file in `knowledge/`. */
export type Entry = {
  id: string;
  title: string;
  verdict: Verdict;
  questions: string[];
  keywords: string[];
  sources: SourceRef[];
  sanction?: string;
  region?: string;
  related: string[];
  updated: string;
  body: string;
  /** Path relative to the knowledge directory, for error messages. */
  file: string;
};

/** A regulation or document the knowledge base may cite (`knowledge/sources.yaml`). */
export type SourceInfo = {
  id: string;
  short: string;
  title: string;
  date: string | null;
  status: string;
  /** Relative path of the verbatim extract we hold, if any; article refs are checked against it. */
  text: string | null;
  note?: string;
};

/** A region with a seed entry; its province decides the time zone. */
export type Region = { id: string; name: string; province: string; timezone: "WIB" | "WITA" | "WIT" };

/** One of Indonesia's 38 provinces with its time zone and common abbreviations (`provinsi.yaml`). */
export type Province = { name: string; timezone: "WIB" | "WITA" | "WIT"; aliases: string[] };

/**
 * The four-point neutrality pledge, read by the pledge feature. `{pemilihan}` in its texts names
 * the vote it is for (from the calendar), or `noElection` when none is planned.
 */
export type Pledge = { title: string; intro: string; points: string[]; closing: string; noElection: string };

/**
 * A scheduled reminder in each chat's local time, `offsetDays` from its anchor: the voting day, or
 * the first day of the quiet period as the calendar gives it (quiet periods differ in length).
 */
export type ReminderTemplate = { key: string; anchor: "voting" | "quiet"; offsetDays: number; time: string; text: string };

/** A problem in one knowledge file; `field` names what to fix. */
export type KbProblem = { file: string; field: string; message: string };

/** Everything under `knowledge/`, validated. Broken entries are left out and listed in `problems`. */
export type KnowledgeBase = {
  entries: Entry[];
  sources: Map<string, SourceInfo>;
  regions: Region[];
  provinces: Province[];
  pledge: Pledge;
  reminders: ReminderTemplate[];
  /** Votes from `kalender.yaml`: reminders, /jadwal, date answers and the pledge title follow it. */
  calendar: ElectionCalendar;
  lexicon: Lexicon;
  problems: KbProblem[];
};

/** Search vocabulary kept as data: variant → canonical word, and words to ignore. */
export type Lexicon = { synonyms: Record<string, string[]>; stopwords: string[] };
