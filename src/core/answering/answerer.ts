import type { Hit, KnowledgeSearch } from "../knowledge/search.ts";
import type { Concepts, Entry, FactValue, Verdict } from "../knowledge/types.ts";
import { type Understanding, Understander } from "./understand.ts";

/** One button of a clarifying question: what the asker taps and the entry it leads to. */
export type ClarifyOption = { label: string; entry: Entry };

/**
 * What the bot does with a message. Every branch keeps the understanding and the ranked hits, so
 * an answer can always be traced to its entry and the concepts that matched.
 */
export type Decision =
  | { kind: "answer"; entry: Entry; hits: Hit[]; understanding: Understanding; /** The act a sanction answer is about. */ act?: Entry }
  | { kind: "clarify"; question: string; options: ClarifyOption[]; fact?: string; hits: Hit[]; understanding: Understanding }
  | { kind: "refuse"; reason: "offtopic" | "unsure" | "request" | "empty"; hits: Hit[]; understanding: Understanding }
  | { kind: "smalltalk"; reply: string; hits: Hit[]; understanding: Understanding };

/** What the previous answer in a chat was about, for a short follow-up. */
export type Previous = { entry: Entry; terms: string[] };

export type DecideOptions = { region?: string; previous?: Previous };

/**
 * Confidence for an on-topic question (off-topic ones never get this far): the best entry must
 * reach this score (minisearch units, after the fit re-ranking)... Calibrated on the tuning set
 * and the off-topic sets; test/knowledge/eval.test.ts guards them.
 */
export const MIN_SCORE = 6;

/** ...and say enough: this share of the question's terms, or this share of the entry's closest phrasing. */
export const MIN_COVERAGE = 0.5;
export const MIN_FIT = 0.3;

/** A runner-up this close to the best entry is a plausible reading too. */
const CONTENDER = 0.6;

/** ...and fits the question's wording nearly as closely as the best one. */
const CONTENDER_FIT = 0.9;

/** ...and one further behind still is when a fact the question leaves open is what tells them apart. */
const FACT_CONTENDER = 0.3;

/** Agreeing with a fact an entry declares moves it up; contradicting one removes it. */
const FACT_AGREES = 1.4;

/** A regional rule on the act this close to the best national entry is answered first. */
const REGIONAL_CONTENDER = 0.3;

/** An entry that only informs, for a question asking "may I?" (or a verdict for "where?"), keeps this share of its score. */
const OTHER_KIND = 0.5;

/** Theme folder of the sanction entries. */
export const SANCTION_THEME = "sanksi/";

const OPPOSITE: Partial<Record<Verdict, Verdict>> = { boleh: "tidak_boleh", tidak_boleh: "boleh" };

/**
 * The answering pipeline, framework-free and shared by private chat, groups, inline mode, the
 * console and `npm run ask`: normalise → understand → decide. Composing the reply is the
 * caller's (HTML for Telegram, plain text for the CLI), from the same decision.
 */
export class Answerer {
  readonly understander: Understander;
  readonly #overview: Entry | undefined;
  readonly #factDefs: [string, Concepts["facts"][string]][];

  constructor(
    readonly search: KnowledgeSearch,
    readonly concepts: Concepts,
  ) {
    this.understander = new Understander(concepts, search.analyzer);
    this.#overview = concepts.sanction_overview ? search.get(concepts.sanction_overview) : undefined;
    this.#factDefs = Object.entries(concepts.facts);
  }

  decide(text: string, options: DecideOptions = {}): Decision {
    const understanding = this.understander.understand(text);
    const none = { hits: [] as Hit[], understanding };
    switch (understanding.kind) {
      case "empty":
        return { kind: "refuse", reason: "empty", ...none };
      case "refuse":
        return { kind: "refuse", reason: "request", ...none };
      case "smalltalk":
        return { kind: "smalltalk", reply: understanding.smalltalk?.reply ?? "", ...none };
    }
    const previous = options.previous && (understanding.followup || understanding.topics.length === 0) && understanding.terms.length <= 8 ? options.previous : undefined;
    if (understanding.topics.length === 0 && !previous) return { kind: "refuse", reason: "offtopic", ...none };
    const hits = promoteRegionalRule(this.#rank(understanding, options.region, previous));
    const top = hits[0];
    if (!top || !confident(top)) return { kind: "refuse", reason: "unsure", hits, understanding };
    const clarify = this.#clarify(top, hits, understanding);
    if (clarify) return { ...clarify, hits, understanding };
    // "terus sanksinya apa?" after an answer asks the sanction of that act, not of the heaviest entry the word matches.
    const act = previous && understanding.sanction ? previous.entry : top.entry;
    if (understanding.sanction) {
      const named = act.file.startsWith(SANCTION_THEME) ? undefined : act;
      // A sanction entry the stated facts point to (party membership → dismissal, a village head →
      // the village law's sanctions) beats the one the words found; a role without one answers
      // with its own entry's sanction line.
      const penalty = this.#sanctionEntry(hits, understanding) ?? (named && !this.#aboutRole(act, understanding) ? this.#overview : undefined);
      if (penalty && penalty !== top.entry) return { kind: "answer", entry: penalty, act: named, hits: [{ ...top, entry: penalty }, ...hits.filter((h) => h.entry !== penalty)], understanding };
    }
    return { kind: "answer", entry: top.entry, hits, understanding };
  }

  /** Search, then apply the facts the question states: contradicting entries go, agreeing ones rise. */
  #rank(u: Understanding, settingsRegion: string | undefined, previous: Previous | undefined): Hit[] {
    const terms = previous ? [...u.terms, ...u.terms, ...previous.terms] : u.terms;
    // A place named in the question counts like the asker's region from settings.
    const region = u.region ?? settingsRegion;
    const outcome = this.search.searchTerms(u.text, terms, { boosted: previous ? u.terms : u.clauseTerms, region, limit: 12 });
    // A regional rule answers only for its region: the asker's, or the one the question names.
    return outcome.hits
      .filter((h) => !h.entry.region || h.entry.region === region)
      .filter((h) => !this.#contradicts(h.entry, u.facts))
      .map((h) => ({ ...h, score: h.score * FACT_AGREES ** this.#agreements(h.entry, u.facts) * kindFit(h.entry, u) }))
      .sort((a, b) => b.score - a.score);
  }

  /**
   * When a close runner-up would give another verdict and the two entries are told apart by a fact
   * the question does not state, ask that fact; when they give opposite verdicts (boleh ↔ tidak
   * boleh) and no fact tells them apart, ask which situation is meant rather than guess.
   */
  #clarify(top: Hit, hits: Hit[], u: Understanding): Omit<Extract<Decision, { kind: "clarify" }>, "hits" | "understanding"> | undefined {
    const differing = hits.slice(1, 6).filter((h) => h.entry.verdict !== top.entry.verdict);
    // A runner-up that fits fewer of the facts the question states is not a reading worth asking about.
    const consistent = (h: Hit) => this.#agreements(h.entry, u.facts) >= this.#agreements(top.entry, u.facts);
    for (const other of differing.filter((h) => h.score >= top.score * FACT_CONTENDER && consistent(h))) {
      const fact = Object.keys(top.entry.facts).find((f) => this.#unstated(f, u) && other.entry.facts[f] !== undefined && other.entry.facts[f] !== top.entry.facts[f]);
      const def = fact ? this.concepts.facts[fact] : undefined;
      if (fact && def) {
        const side = (v: FactValue) => ({ label: def[v].label, entry: top.entry.facts[fact] === v ? top.entry : other.entry });
        return { kind: "clarify", question: def.question, fact, options: [side("ya"), side("tidak")] };
      }
    }
    // Only a reading the bot would have answered on its own, and that covers as much of the
    // question as closely, is worth offering as the other situation ("cpns boleh kampanye?" is not
    // about voting).
    const opposite = differing.find((h) => h.score >= top.score * CONTENDER && OPPOSITE[top.entry.verdict] === h.entry.verdict && consistent(h) && confident(h) && h.coverage >= top.coverage && h.fit >= top.fit * CONTENDER_FIT);
    if (opposite) return { kind: "clarify", question: "Agar jawabannya tepat, situasi mana yang Anda maksud?", options: [top.entry, opposite.entry].map((entry) => ({ label: entry.title, entry })) };
    return undefined;
  }

  /**
   * The entry is about the other value of a fact. Unsaid, a question takes the fact's default
   * ("boleh jadi timses?" is about a serving ASN) and an entry takes the fact's `others`, unless
   * the entry is about an outsider role (a BPD member may also be a retiree).
   */
  #contradicts(entry: Entry, facts: Record<string, FactValue>): boolean {
    const outsider = Object.entries(entry.facts).some(([name, value]) => value === "ya" && this.concepts.facts[name]?.outsider === true);
    for (const [name, def] of this.#factDefs) {
      const asked = facts[name] ?? def.default;
      if (asked === undefined) continue;
      const declared = entry.facts[name] ?? (outsider ? undefined : def.others);
      if (declared !== undefined && asked !== declared) return true;
    }
    return false;
  }

  /**
   * Facts the question states that the entry also names. A fact with a default describes the
   * asker's situation (a retiree, a candidate's family), not the act, so it filters but does not
   * lift: "my husband is a candidate, may I use the official car?" is still about the car. A role
   * does lift: "honorer pasang baliho?" is answered by the honorer entry, not the ASN rule. A
   * setting (`lifts: false`: on social media or not) only filters.
   */
  #agreements(entry: Entry, facts: Record<string, FactValue>): number {
    return Object.entries(entry.facts).filter(([name, value]) => {
      const def = this.concepts.facts[name];
      return facts[name] === value && def?.lifts !== false && (def?.default === undefined || def.role === true);
    }).length;
  }

  /**
   * The entry is about a role the question names (kades, TNI/Polri, honorer...): the sanction
   * entries are about ASN discipline, so the role's own entry, with its sanction line, answers.
   */
  #aboutRole(entry: Entry, u: Understanding): boolean {
    return Object.entries(entry.facts).some(([name, value]) => value === "ya" && u.facts[name] === "ya" && this.concepts.facts[name]?.role === true);
  }

  /** The question leaves the fact open: it does not state it and the fact has no default. */
  #unstated(fact: string, u: Understanding): boolean {
    return u.facts[fact] === undefined && this.concepts.facts[fact]?.default === undefined;
  }

  /**
   * The sanction entry the facts the question states point to (a candidate already set → the
   * heavy discipline entry; party membership → dismissal), if a close hit is one.
   */
  #sanctionEntry(hits: Hit[], u: Understanding): Entry | undefined {
    const best = hits[0]?.score ?? 0;
    const stated = (entry: Entry) => Object.entries(entry.facts).some(([name, value]) => u.facts[name] === value);
    return hits.find((h) => h.entry.file.startsWith(SANCTION_THEME) && h.score >= best * 0.3 && stated(h.entry))?.entry;
  }
}

/**
 * A regional rule on the act asked about (not a regional overview) comes first when it is a close
 * reading: it may be stricter than the national rule, and the asker is bound by it.
 */
function promoteRegionalRule(hits: Hit[]): Hit[] {
  const top = hits[0];
  if (!top || top.entry.region) return hits;
  const regional = hits.find((h) => h.entry.region && h.entry.verdict !== "info" && h.score >= top.score * REGIONAL_CONTENDER);
  return regional ? [{ ...regional, score: top.score }, ...hits.filter((h) => h !== regional)] : hits;
}

/** An entry of the kind the question asks for (a verdict, or information) keeps its score; the other kind less. */
function kindFit(entry: Entry, u: Understanding): number {
  if (u.asksVerdict && entry.verdict === "info") return OTHER_KIND;
  if (u.asksInfo && entry.verdict !== "info") return OTHER_KIND;
  return 1;
}

function confident(hit: Hit): boolean {
  return hit.score >= MIN_SCORE && (hit.coverage >= MIN_COVERAGE || hit.fit >= MIN_FIT);
}



