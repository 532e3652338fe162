import { type Analyzer, normalise } from "../knowledge/analyzer.ts";
import type { Concepts, FactDef, FactValue } from "../knowledge/types.ts";
import { compile, mask, spans, strip } from "./patterns.ts";

/** What a message is, before any entry is looked at. */
export type Understanding = {
  /** The message as sent. */
  text: string;
  kind: "question" | "smalltalk" | "refuse" | "empty";
  /** For small talk: which kind ("salam", "terima-kasih", ...) and the reply. */
  smalltalk?: { kind: string; reply: string };
  /** Every search term of the message, in order. */
  terms: string[];
  /** The terms of the clause that asks (the last question of a story), searched with extra weight. */
  clauseTerms: string[];
  /** The deciding facts the message states. */
  facts: Record<string, FactValue>;
  /** A region named in the message ("Lotim", "Belu"), whose rules come first. */
  region?: string;
  /** The message asks for the penalty rather than the rule. */
  sanction: boolean;
  /** The asking clause wants a verdict (may I? is it a violation?) rather than information. */
  asksVerdict: boolean;
  /** The asking clause wants information (where, when, how, which article) and no verdict. */
  asksInfo: boolean;
  /** The message is short and leans on the previous answer ("kalau cuma like?"). */
  followup: boolean;
  /** Election or neutrality terms found; none means the message is off-topic. */
  topics: string[];
};

/**
 * "boleh ga pasang baliho?" asks; it does not say "not putting up". The negation that only makes
 * a yes/no question is taken out before facts are read ("apa-apa, sonde pake" is "anything, not
 * wearing", not a question).
 */
const ASKING_NEGATION = /(?<![a-z])(boleh|bolehkah|blh|bole|bisa|bisakah|bs|dapat|aman|apakah|(?<!apa )apa|angsal|oleh|bau) (ga|gak|gk|nggak|ngga|enggak|engga|tidak|tdk|kagak|ndak|nda|ora|mboten|seng|sonde|ndek|ndeq|ya)(?![a-z])/g;

function withoutAskingNegation(norm: string): string {
  return norm.replace(ASKING_NEGATION, "$1");
}

/**
 * The value of one fact in a message. "tanpa atribut" holds the words of "atribut", so the "tidak"
 * phrases are taken out before looking for "ya"; a message that still says both ("amplopnya saya
 * tolak tapi kaosnya saya ambil") leaves the fact open, to be asked, unless the fact says what
 * both mean (`both`): one value, or `last`, the one said last ("sempat diterima istri, lalu kami
 * kembalikan" is returned).
 */
function factValue(norm: string, ya: RegExp | undefined, tidak: RegExp | undefined, both: FactDef["both"]): FactValue | undefined {
  const no = spans(norm, tidak);
  if (!no.length) return ya?.test(norm) ? "ya" : undefined;
  const yes = spans(mask(norm, tidak, no), ya);
  // Where a phrase ends marks when it was said (a pattern may match from the start of the message).
  if (yes.length) return both === "last" ? ((no.at(-1)?.[1] ?? 0) > (yes.at(-1)?.[1] ?? 0) ? "tidak" : "ya") : both;
  return "tidak";
}

/** Words that mark the asking part of a message in Indonesian, its slang and regional forms. */
const ASKING = /(?<![a-z])(boleh|bolehkah|blh|apakah|apa|bisa|bisakah|gimana|bagaimana|gmn|piye|pripun|kah|gak|ga|gk|nggak|enggak|kagak|tidak|tdk|kena|aman|masalah|mslh|melanggar|langgar|dilarang|larang|salah|wajib|harus|sanksi|hukuman|bau|oleh|angsal|pareng|saged|bole|seng|sonde|ke|to|ya|kan|kapan|siapa|kemana|mana)(?![a-z])/;

/** A question mark after this many search terms or fewer, with no information word, asks for a verdict. */
const SHORT_VERDICT_TERMS = 4;

/** A marked question needs this many search terms to be read on its own. */
const MARKED_MIN_TERMS = 3;

/** Fragments shorter than this many words ("Boleh?", "Terima kasih.") are not a clause of their own. */
const CLAUSE_MIN_WORDS = 3;

/**
 * A run-on is cut at its clause breaks only when it is this long, and a piece counts as the asking
 * clause only with this many search terms: "... soalnya ga enak nolak itu gimana" must not make
 * "nolak" the question.
 */
const RUN_ON_MIN_WORDS = 20;
const RUN_ON_CLAUSE_MIN_TERMS = 3;

/**
 * Reads a message: small talk, a request to refuse, or a question with its asking clause, the facts
 * it states, the region it names and whether it asks for a sanction. Everything is data-driven
 * (`concepts.yaml`, `lexicon.yaml`) and explainable: each field says which words produced it.
 */
export class Understander {
  readonly #refuse: RegExp | undefined;
  readonly #offtopic: RegExp | undefined;
  readonly #noise: RegExp | undefined;
  readonly #clauseBreak: RegExp | undefined;
  readonly #questionMarker: RegExp | undefined;
  readonly #correction: RegExp | undefined;
  readonly #fillers: RegExp | undefined;
  readonly #sanction: RegExp | undefined;
  readonly #followup: RegExp | undefined;
  readonly #verdictQuestion: RegExp | undefined;
  readonly #infoQuestion: RegExp | undefined;
  readonly #smalltalk: { kind: string; reply: string; pattern: RegExp }[];
  readonly #smalltalkAll: RegExp | undefined;
  readonly #places: [string, RegExp][];
  readonly #facts: [string, RegExp | undefined, RegExp | undefined, FactDef["both"]][];
  readonly #domain: Set<string>;
  readonly #weakDomain: Set<string>;
  readonly #subjects: Set<string>;
  readonly #factWords: Set<string>;

  constructor(
    readonly concepts: Concepts,
    readonly analyzer: Analyzer,
  ) {
    this.#refuse = compile(concepts.refuse);
    this.#offtopic = compile(concepts.offtopic);
    this.#noise = compile(concepts.noise);
    this.#clauseBreak = compile(concepts.clause_breaks);
    this.#questionMarker = compile(concepts.question_markers);
    this.#correction = compile(concepts.corrections);
    this.#fillers = compile(concepts.fillers);
    this.#sanction = compile(concepts.sanction);
    this.#followup = compile(concepts.followup);
    this.#verdictQuestion = compile(concepts.verdict_question);
    this.#infoQuestion = compile(concepts.info_question);
    this.#smalltalk = concepts.smalltalk.map((s) => ({ kind: s.kind, reply: s.reply, pattern: compile(s.patterns) as RegExp }));
    this.#smalltalkAll = compile(concepts.smalltalk.flatMap((s) => s.patterns));
    this.#places = Object.entries(concepts.places).map(([id, names]) => [id, compile(names.map(normalise)) as RegExp]);
    this.#facts = Object.entries(concepts.facts).map(([name, f]) => [name, compile(f.ya.patterns), compile(f.tidak.patterns), f.both]);
    this.#domain = new Set(concepts.domain.flatMap((d) => this.analyzer.terms(d)));
    this.#weakDomain = new Set(concepts.weak_domain.flatMap((d) => this.analyzer.terms(d)));
    this.#subjects = new Set(concepts.subjects.flatMap((d) => this.analyzer.terms(d)));
    this.#factWords = new Set(concepts.fact_words);
  }

  understand(message: string): Understanding {
    const text = this.#corrected(message);
    const norm = normalise(text);
    const terms = this.analyzer.terms(strip(norm, this.#noise));
    const base = { text, terms, clauseTerms: terms, facts: {}, sanction: false, asksVerdict: false, asksInfo: false, followup: false, topics: [] as string[] };
    if (norm === "") return { ...base, kind: "empty" };
    if (this.#refuse?.test(norm)) return { ...base, kind: "refuse" };
    const rest = strip(strip(norm, this.#smalltalkAll), this.#fillers);
    if (this.analyzer.terms(rest).length === 0) {
      const talk = this.#smalltalk.find((s) => s.pattern.test(norm));
      if (talk) return { ...base, kind: "smalltalk", smalltalk: { kind: talk.kind, reply: talk.reply } };
      return { ...base, kind: "empty" };
    }
    // "Saya sudah keluar dari grup, sudah hapus like. Cuma satu yang mau saya tanya: kalau nonton
    // debat?": the acts told before the marker are background; facts and the asking clause come after it.
    const marked = this.#markedQuestion(norm);
    const facts: Record<string, FactValue> = {};
    const stated = withoutAskingNegation(this.analyzer.fold(marked ?? norm, this.#factWords));
    for (const [name, ya, tidak, both] of this.#facts) {
      const value = factValue(stated, ya, tidak, both);
      if (value) facts[name] = value;
    }
    const clause = marked ?? this.#askingClause(text) ?? this.#askingRunOnClause(norm);
    const asking = normalise(clause ?? text);
    const sanction = !!this.#sanction?.test(norm);
    const asksInfo = !!this.#infoQuestion?.test(asking);
    // "pppk gabung parpol?": a few words and a question mark, asking neither where nor what, ask "may I?".
    const asksVerdict = !!this.#verdictQuestion?.test(asking) || (!asksInfo && !sanction && terms.length <= SHORT_VERDICT_TERMS && text.trim().endsWith("?"));
    const place = this.#places.find(([, pattern]) => pattern.test(norm));
    // A named place becomes the region signal; as a search word it would pull every general entry
    // about that region above the act asked about.
    const placeTerms = place ? new Set<string>(this.analyzer.terms(norm.match(new RegExp(place[1].source, "g"))?.join(" ") ?? "")) : undefined;
    const withoutPlace = (list: string[]) => (placeTerms ? list.filter((t) => !placeTerms.has(t)) : list);
    return {
      ...base,
      kind: "question",
      terms: withoutPlace(terms),
      clauseTerms: withoutPlace(clause ? this.analyzer.terms(clause) : terms),
      facts,
      region: place?.[0],
      sanction,
      asksVerdict,
      asksInfo: !asksVerdict && asksInfo,
      followup: terms.length <= 6 && !!this.#followup?.test(strip(norm, this.#fillers)),
      topics: this.#topics(norm, terms, asksVerdict),
    };
  }

  /**
   * The message with its spoken self-corrections applied: "calon kepala desa. Eh salah, calon
   * bupati" reads "calon calon bupati", the correction replacing as many words before it as it
   * has itself (up to its first punctuation), so facts and search see what was meant.
   */
  #corrected(message: string): string {
    const found = this.#correction?.exec(message.toLowerCase());
    if (!found) return message;
    const before = message.slice(0, found.index).trim().split(/\s+/).filter(Boolean);
    const after = message.slice(found.index + found[0].length).replace(/^[\s,.:;-]+/, "");
    const replacement = (after.split(/[.!?,;\n]/)[0] ?? "").trim().split(/\s+/).filter(Boolean);
    return this.#corrected(`${before.slice(0, Math.max(0, before.length - replacement.length)).join(" ")} ${after}`);
  }

  /**
   * The election and neutrality terms that put a message on topic. None for an election question
   * that is not about an ASN (how to vote, who won), nor for an information question whose only
   * such words have another everyday sense ("pH netral", "kampanye imunisasi") and that names no ASN.
   */
  #topics(norm: string, terms: string[], asksVerdict: boolean): string[] {
    if (this.#offtopic?.test(norm)) return [];
    const topics = [...new Set(terms.filter((t) => this.#domain.has(t)))];
    const onlyWeak = topics.every((t) => this.#weakDomain.has(t));
    return onlyWeak && !asksVerdict && !terms.some((t) => this.#subjects.has(t)) ? [] : topics;
  }

  /** What follows the last "yang mau saya tanya:" of a message, when it says enough to stand alone. */
  #markedQuestion(norm: string): string | undefined {
    const found = spans(norm, this.#questionMarker).at(-1);
    if (!found) return undefined;
    const rest = norm.slice(found[1]).trim();
    return this.analyzer.terms(rest).length >= MARKED_MIN_TERMS ? rest : undefined;
  }

  /**
   * The sentence that asks, in a message of several: the last one with a question mark, else the
   * last with an asking word. Undefined for a single sentence (the whole message asks).
   */
  #askingClause(text: string): string | undefined {
    const sentences = text
      .split(/(?<=[.!?;\n])\s*/)
      .map((s) => s.trim())
      .filter((s) => normalise(s).split(" ").length >= CLAUSE_MIN_WORDS);
    if (sentences.length < 2) return undefined;
    const asked = sentences.filter((s) => s.endsWith("?"));
    return asked.at(-1) ?? sentences.filter((s) => ASKING.test(normalise(s))).at(-1);
  }

  /**
   * The asking part of a long message typed as one unpunctuated run-on (voice typing, chat):
   * the last piece between clause breaks ("nah", "terus", "soalnya") that asks and says enough.
   */
  #askingRunOnClause(norm: string): string | undefined {
    if (!this.#clauseBreak || norm.split(" ").length < RUN_ON_MIN_WORDS) return undefined;
    const pieces = norm.split(new RegExp(this.#clauseBreak.source, "g")).filter((p): p is string => typeof p === "string" && p.trim() !== "");
    if (pieces.length < 2) return undefined;
    return pieces.filter((p) => ASKING.test(p) && this.analyzer.terms(p).length >= RUN_ON_CLAUSE_MIN_TERMS).at(-1);
  }
}
