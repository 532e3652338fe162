import MiniSearch, { type Options } from "minisearch";
import { Analyzer } from "./analyzer.ts";
import type { Entry, Lexicon } from "./types.ts";

/** One ranked entry with how sure we are about it. */
export type Hit = {
  entry: Entry;
  score: number;
  /** Share of the question's information (IDF-weighted terms) that this entry matched, 0..1. */
  coverage: number;
  /** Share of the entry's closest phrasing that the question says, 0..1. */
  fit: number;
};

/**
 * What a question found, best first. Whether it is close enough to answer is the answering
 * pipeline's decision (src/core/answering), which also weighs the question's concepts and facts.
 */
export type SearchOutcome = { query: string; hits: Hit[] };

export type SearchOptions = {
  /** The asker's region id; that region's entries rank first. */
  region?: string;
  limit?: number;
};

/** A term found only through a typo or prefix match is weaker evidence than an exact one. */
const FUZZY_CREDIT = 0.6;

/** The best-scored entries re-ranked by how well the question fits their closest phrasing. */
const RERANKED = 20;

/** Share of the search score kept however poorly the phrasing fits (the rest scales with the fit). */
const FIT_FLOOR = 0.15;

/** Known words of one question looked up in the index (the rarest). */
const MAX_KNOWN_TERMS = 16;

/** Words shorter than this are too easily another real word to be corrected ("lagu" → "lagi"). */
const TYPO_MIN_LENGTH = 6;

/** Unknown words of one question tried for typos (the longest, which carry the most). */
const MAX_UNKNOWN_TERMS = 4;

/** A term in more than this share of entries is too common to be worth searching for... */
const COMMON_SHARE = 0.4;

/** ...unless the question has fewer rarer words than this: one stray rare word must not decide alone. */
const MIN_RARE_TERMS = 2;

/**
 * What is indexed: the ways people ask, the title and keywords. The answer body is left out: it
 * is written for reading, repeats the common words of every entry, and made search slower
 * without finding more.
 */
type Doc = { id: string; title: string; questions: string; keywords: string; region: string };

/** One way an entry is asked, as distinct terms with their weights (computed once). */
type Phrasing = { terms: string[]; weights: number[]; total: number };

/**
 * Full-text search over the knowledge base with Indonesian analysis, typo tolerance and the
 * `questions` field boosted, because askers phrase things the way other askers did.
 */
export class KnowledgeSearch {
  readonly analyzer: Analyzer;
  readonly #index: MiniSearch<Doc>;
  readonly #options: Options<Doc>;
  readonly #byId: Map<string, Entry>;
  readonly #df = new Map<string, number>();
  /** Each entry's title and questions as weighted terms, to see how much of the closest one a query says. */
  readonly #phrasings = new Map<string, Phrasing[]>();

  constructor(
    readonly entries: Entry[],
    lexicon: Lexicon,
  ) {
    this.analyzer = new Analyzer(lexicon);
    this.#byId = new Map(entries.map((e) => [e.id, e]));
    this.#options = {
      fields: ["title", "questions", "keywords"],
      storeFields: ["region"],
      processTerm: (term) => term,
      searchOptions: {
        boost: { questions: 3, title: 2, keywords: 1.5 },
        // Typo and prefix matching only for words the knowledge base does not know: a known word
        // is already spelled right, and expanding it would only add noise and scoring work.
        // One typo per 5-6 letters; shorter words are too easily another real word ("lagu" → "lagi").
        fuzzy: (term) => (!this.#df.has(term) && term.length >= 6 ? 0.2 : false),
        prefix: (term) => !this.#df.has(term) && term.length >= 5,
        combineWith: "OR",
      },
    };
    // Each text is analysed once at start-up (index, document frequencies and phrasings share it).
    const analysed = new Map<string, string[]>();
    const terms = (text: string) => analysed.get(text) ?? (analysed.set(text, this.analyzer.terms(text)).get(text) as string[]);
    const docs = entries.map(toDoc);
    this.#index = new MiniSearch<Doc>({ ...this.#options, tokenize: (text) => (text.includes("\n") ? text.split("\n").flatMap(terms) : terms(text)) });
    this.#index.addAll(docs);
    for (const entry of entries) {
      const phrasings = [entry.title, ...entry.questions].map(terms);
      for (const term of new Set([...phrasings.flat(), ...terms(entry.keywords.join(" "))])) this.#df.set(term, (this.#df.get(term) ?? 0) + 1);
    }
    for (const entry of entries) this.#phrasings.set(entry.id, [entry.title, ...entry.questions].map((q) => this.#phrasing(terms(q))));
  }

  get(id: string): Entry | undefined {
    return this.#byId.get(id);
  }

  /**
   * A long unknown word one typo away from exactly one word the knowledge base knows
   * ("seragamm") is read as that word, so the fit and the ranking see it; else it stays as typed.
   */
  #corrected(term: string): string {
    let found: string | undefined;
    for (const known of this.#df.keys()) {
      if (!oneEditApart(term, known)) continue;
      if (found) return term;
      found = known;
    }
    return found ?? term;
  }

  /** Rare terms say more about a question than common ones; unknown words count like rare ones. */
  #weight(term: string): number {
    const df = this.#df.get(term) ?? 0;
    return Math.log(1 + this.entries.length / (df + 0.5));
  }

  /**
   * Words found in most entries ("asn", "boleh") barely change the ranking but make every query
   * score the whole index; they are left out when the question has rarer words the index knows.
   * Unknown words ("maaf", "ganggu") are kept for typo matching but are not rarer words: counting
   * them so would leave a chatty question with nothing the index can match.
   */
  #informative(terms: string[]): string[] {
    const rare = terms.filter((t) => {
      const df = this.#df.get(t) ?? 0;
      return df > 0 && df <= this.entries.length * COMMON_SHARE;
    });
    return rare.length >= MIN_RARE_TERMS ? [...rare, ...terms.filter((t) => !this.#df.has(t))] : terms;
  }

  /**
   * How much of the entry's closest phrasing the question covers (0..1, IDF-weighted). An entry
   * for a special case ("pensiunan boleh jadi timses?") shares most words with the general one;
   * the rare word the question lacks ("pensiun") is what must keep it from winning.
   */
  #fit(entryId: string, queryTerms: Set<string>): number {
    let best = 0;
    for (const { terms, weights, total } of this.#phrasings.get(entryId) ?? []) {
      let matched = 0;
      for (let i = 0; i < terms.length; i++) if (queryTerms.has(terms[i] as string)) matched += weights[i] as number;
      if (total > 0) best = Math.max(best, matched / total);
    }
    return best;
  }

  #phrasing(analysed: string[]): Phrasing {
    const terms = [...new Set(analysed)];
    const weights = terms.map((t) => this.#weight(t));
    return { terms, weights, total: weights.reduce((a, b) => a + b, 0) };
  }

  search(query: string, options: SearchOptions = {}): SearchOutcome {
    return this.searchTerms(query, this.analyzer.terms(query), options);
  }

  /**
   * Searches already analysed terms. `boosted` terms (the clause that asks) count once more; the
   * fit is measured on every term, so a story's context still decides between near entries.
   */
  searchTerms(query: string, all: string[], options: SearchOptions & { boosted?: string[] } = {}): SearchOutcome {
    // Typo correction scans the vocabulary, so only the few longest unknown words of a story get it.
    const typos = new Map([...new Set(all)].filter((t) => !this.#df.has(t) && t.length >= TYPO_MIN_LENGTH).sort((a, b) => b.length - a.length).slice(0, MAX_UNKNOWN_TERMS).map((t) => [t, this.#corrected(t)]));
    const fix = (t: string) => typos.get(t) ?? t;
    const allTerms = new Set(all.map(fix));
    const terms = this.#informative([...allTerms]);
    const total = terms.reduce((sum, t) => sum + this.#weight(t), 0);
    if (terms.length === 0 || total === 0) return { query, hits: [] };
    const boosted = new Set((options.boosted ?? []).map(fix));
    // Words the knowledge base does not know can only match through typo or prefix matching, the
    // costly part of a search: a long story keeps only its few longest unknown words for that.
    const unknown = terms.filter((t) => !this.#df.has(t)).sort((a, b) => b.length - a.length).slice(0, MAX_UNKNOWN_TERMS);
    // A long story names many everyday words the index knows; the rarest say the most, and each
    // extra one costs a pass over its postings, so only the rarest are queried (all count in the fit).
    const known = terms.filter((t) => this.#df.has(t)).sort((a, b) => (this.#df.get(a) ?? 0) - (this.#df.get(b) ?? 0)).slice(0, MAX_KNOWN_TERMS);
    // The terms are already analysed; analysing them again is idempotent (canonical words map to themselves).
    const results = this.#index.search([...known, ...unknown].join(" "), {
      // The clause that asks counts twice.
      boostTerm: (term) => (boosted.has(term) ? 2 : 1),
      ...(options.region ? { boostDocument: (_id: unknown, _term: string, stored?: Record<string, unknown>) => regionBoost(stored?.region as string, options.region) } : {}),
    });
    const hits: Hit[] = results
      .slice(0, RERANKED)
      .map((r) => {
        const fit = this.#fit(r.id as string, allTerms);
        return {
          entry: this.#byId.get(r.id as string) as Entry,
          score: r.score * (FIT_FLOOR + (1 - FIT_FLOOR) * fit),
          coverage: r.queryTerms.reduce((sum, t) => sum + this.#weight(t) * (t in r.match ? 1 : FUZZY_CREDIT), 0) / total,
          fit,
        };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, options.limit ?? 5);
    return { query, hits };
  }
}

/** Whether two words differ by one inserted, deleted or replaced letter (a typo). */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: string, from: number) => x.slice(from);
  return rest(a, i + 1) === rest(b, i + 1) || rest(a, i) === rest(b, i + 1) || rest(a, i + 1) === rest(b, i);
}

function regionBoost(entryRegion: string, askerRegion: string | undefined): number {
  if (!entryRegion) return 1;
  return entryRegion === askerRegion ? 3 : 0.8;
}

function toDoc(entry: Entry): Doc {
  return {
    id: entry.id,
    title: entry.title,
    questions: entry.questions.join("\n"),
    keywords: entry.keywords.join(" "),
    region: entry.region ?? "",
  };
}
