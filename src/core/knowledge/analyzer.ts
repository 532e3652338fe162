import { Stemmer } from "sastrawijs";
import type { Lexicon } from "./types.ts";

/**
 * Indonesian text analysis shared by indexing and querying, so that "ngelike", "menyukai" and
 * "like" meet on the same term. Order: normalise → phrases → per word: lexicon, stem, lexicon again.
 */
export class Analyzer {
  readonly #stemmer = new Stemmer();
  readonly #words = new Map<string, string>();
  readonly #phrases: [RegExp, string][] = [];
  readonly #stopwords: Set<string>;
  readonly #cache = new Map<string, string | null>();

  constructor(lexicon: Lexicon) {
    this.#stopwords = new Set(lexicon.stopwords.map(normalise));
    const phrases: [string, string][] = [];
    for (const [canonical, variants] of Object.entries(lexicon.synonyms)) {
      for (const variant of [canonical, ...variants].map(normalise)) {
        if (variant.includes(" ")) phrases.push([variant, canonical]);
        else this.#words.set(variant, canonical);
      }
    }
    // Longest phrase first so "calon kepala daerah" wins over "calon".
    phrases.sort((a, b) => b[0].length - a[0].length);
    for (const [phrase, canonical] of phrases) this.#phrases.push([new RegExp(`(?<![a-z0-9])${phrase}(?![a-z0-9])`, "g"), canonical]);
  }

  /** The terms of a text, in order, duplicates kept (the index weighs them). */
  terms(text: string): string[] {
    let s = normalise(text);
    for (const [pattern, canonical] of this.#phrases) s = s.replace(pattern, canonical);
    const out: string[] = [];
    for (const word of s.split(" ")) {
      const term = this.term(word);
      if (term) out.push(term);
    }
    return out;
  }

  /** One word to its term, or null for stopwords; cached because the vocabulary is small. */
  term(word: string): string | null {
    if (word === "") return null;
    let term = this.#cache.get(word);
    if (term === undefined) {
      term = this.#analyseWord(word);
      this.#cache.set(word, term);
    }
    return term;
  }

  #analyseWord(word: string): string | null {
    const direct = this.#words.get(word);
    if (direct) return direct;
    if (this.#stopwords.has(word)) return null;
    if (/^\d+$/.test(word)) return word;
    const stem = this.#stemmer.stem(word);
    return this.#words.get(stem) ?? (this.#stopwords.has(stem) ? null : stem);
  }
}

/** Lower case, no accents, reduplication folded ("kampanye-kampanye"), letters stretched for emphasis shortened. */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\b([a-z]+)-\1\b/g, "$1")
    .replace(/\b([a-z]{2,})2\b/g, "$1")
    .replace(/([a-z])-(?=[a-z])/g, "$1")
    .replace(/([a-z])\1{2,}/g, "$1")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
