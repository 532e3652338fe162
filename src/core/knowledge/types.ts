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
  /** The direct one- or two-sentence answer shown first on a phone; the body is behind "Selengkapnya". */
  summary?: string;
  /** For `bersyarat`: the condition, in one line. */
  condition?: string;
  /**
   * The facts that decide this entry (`knowledge/concepts.yaml` → `facts`): a question stating the
   * opposite value never lands here, and a question stating neither may be asked first.
   */
  facts: Record<string, FactValue>;
  region?: string;
  related: string[];
  updated: string;
  body: string;
  /** Path relative to the knowledge directory, for error messages. */
  file: string;
};

/** Whether a deciding fact holds ("ya") or not ("tidak") in a situation. */
export type FactValue = "ya" | "tidak";

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
  concepts: Concepts;
  /** Theme folder → label shown by /topik, in display order. */
  themes: Map<string, string>;
  problems: KbProblem[];
};

/** Search vocabulary kept as data: variant → canonical word, and words to ignore. */
export type Lexicon = { synonyms: Record<string, string[]>; stopwords: string[] };

/** One deciding fact: how a question states either value, and how to ask when it states neither. */
export type FactDef = {
  question: string;
  /** What a question that does not state this fact means. */
  default?: FactValue;
  /** What an entry that does not name this fact is about (unset: it applies either way). */
  others?: FactValue;
  /** What a message that states both values means: one value, or the one said last (unset: the fact stays open and is asked). */
  both?: FactValue | "last";
  /**
   * A role with entries of its own (kepala desa, honorer, Pj): stated, it lifts those entries and
   * their own sanction line answers a sanction question.
   */
  role?: boolean;
  /**
   * A role held by someone who is not a serving ASN (kepala desa, BPD, TNI/Polri, honorer): the
   * role's entries are not about a serving ASN, so other facts' `others` do not filter them ("my
   * father-in-law is retired and sits on the BPD" still reaches the BPD entry).
   */
  outsider?: boolean;
  /** `false`: a stated value keeps the question off entries of the other value but lifts none (a setting, not an act). */
  lifts?: boolean;
  ya: { label: string; patterns: string[] };
  tidak: { label: string; patterns: string[] };
};

/**
 * What the answering pipeline recognises beyond words (`knowledge/concepts.yaml`): small talk,
 * requests it must refuse, the words that make a question about elections at all, places that
 * have regional rules, and the facts that decide between near entries.
 */
export type Concepts = {
  smalltalk: { kind: string; patterns: string[]; reply: string }[];
  refuse: string[];
  /** Canonical terms (after the lexicon) that put a question on topic. */
  domain: string[];
  /** Words that open a story or a message without saying anything ("assalamualaikum", "jadi gini"). */
  fillers: string[];
  /** Domain terms that also mean something else: alone in an information question, not enough. */
  weak_domain: string[];
  /** Terms naming an ASN or another subject of the rules (a village head, a Pj). */
  subjects: string[];
  /** Patterns of election questions that are not about ASN neutrality (voting procedure, results). */
  offtopic: string[];
  /** Greetings that share a word with a topic, taken out before searching ("selamat malam"). */
  noise: string[];
  /** Self-correction markers ("eh salah"): the words they replace are dropped. */
  corrections: string[];
  /** Words that start a new clause in an unpunctuated run-on. */
  clause_breaks: string[];
  /** Phrases that announce the one question of a long message ("yang mau saya tanya:"): what follows is what is asked. */
  question_markers: string[];
  /** Patterns of a question asking for the penalty rather than the rule. */
  sanction: string[];
  /** Patterns of a question asking for a verdict rather than for information. */
  verdict_question: string[];
  /** Patterns of a question asking for information (where, when, how) rather than a verdict. */
  info_question: string[];
  /** Patterns of a short follow-up that leans on the previous answer ("kalau cuma ..."). */
  followup: string[];
  places: Record<string, string[]>;
  /**
   * Canonical lexicon words whose variants are folded before facts are read ("gk pake" → "tidak
   * pakai"), so a fact pattern names one form and every spelling the lexicon knows still matches.
   */
  fact_words: string[];
  /** The entry that answers "what is the sanction?" when no act is named. */
  sanction_overview?: string;
  facts: Record<string, FactDef>;
};
