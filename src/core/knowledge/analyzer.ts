import { Stemmer } from "sastrawijs";
import type { Lexicon } from "./types.ts";

/**
 * Indonesian text analysis shared by indexing and querying, so that "ngelike", "menyukai" and
 * "like" meet on the same term. Order: normalise → phrases → per word: lexicon, stem, lexicon again.
 */
export class Analyzer {
  readonly #stemmer = new Stemmer();
  readonly #words = new Map<string, string>();
  /** Multi-word variants ("media sosial") → canonical, looked up by word n-grams, longest first. */
  readonly #phrases = new Map<string, string>();
  readonly #longestPhrase: number;
  /** First words of phrases: only these can start one, so most words skip the n-gram lookups. */
  readonly #phraseStarts = new Set<string>();
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
    for (const [phrase, canonical] of phrases) if (!this.#phrases.has(phrase)) this.#phrases.set(phrase, canonical);
    this.#longestPhrase = Math.max(1, ...phrases.map(([phrase]) => phrase.split(" ").length));
    for (const [phrase] of phrases) this.#phraseStarts.add(phrase.split(" ")[0] as string);
  }

  /** The terms of a text, in order, duplicates kept (the index weighs them). */
  terms(text: string): string[] {
    const words = normalise(text).split(" ");
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const phrase = this.#phraseAt(words, i);
      if (phrase) i += phrase.length - 1;
      const term = this.term(phrase?.canonical ?? (words[i] as string));
      if (term) out.push(term);
    }
    return out;
  }

  /**
   * The longest lexicon phrase starting at word `i` ("calon kepala daerah" before "calon"), among
   * those whose canonical word `accept` takes.
   */
  #phraseAt(words: string[], i: number, accept: (canonical: string) => boolean = () => true): { canonical: string; length: number } | undefined {
    if (!this.#phraseStarts.has(words[i] as string)) return undefined;
    for (let n = Math.min(this.#longestPhrase, words.length - i); n >= 2; n--) {
      const canonical = this.#phrases.get(words.slice(i, i + n).join(" "));
      if (canonical && accept(canonical)) return { canonical, length: n };
    }
    return undefined;
  }

  /**
   * The normalised text with the variants of the given canonical words written canonically and
   * everything else left as typed (no stemming), for patterns that read whole phrases.
   */
  fold(text: string, canonicals: ReadonlySet<string>): string {
    const words = normalise(text).split(" ");
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const phrase = this.#phraseAt(words, i, (canonical) => canonicals.has(canonical));
      if (phrase) i += phrase.length - 1;
      const direct = this.#words.get(words[i] as string);
      out.push(phrase?.canonical ?? (direct && canonicals.has(direct) ? direct : (words[i] as string)));
    }
    return out.join(" ");
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
    // "undang-undang" (a law) is not a plural of "undang" (invite): keep it apart before folding.
    .replace(/\bundang[- ]undang\b/g, "uu")
    // A regulation number ("PP 94", "UU 20") is one token: "pp" alone is slang for a profile picture.
    .replace(/\b(pp|uu|perpres|permen|perbawaslu|pkpu)\s*(?:no\.?\s*|nomor\s*)?(\d+)/g, "$1$2")
    // "PPPK" is an abbreviation, not a stretched letter.
    .replace(/\bpppk\b/g, "p3k")
    .replace(/\b([a-z]+)-\1\b/g, "$1")
    .replace(/\b([a-z]{2,})2\b/g, "$1")
    .replace(/([a-z])-(?=[a-z])/g, "$1")
    .replace(/([a-z])\1{2,}/g, "$1")
    .replace(/[^a-z0-9]+/g, " ")
    // Reduplication typed without the hyphen ("teriak teriak", "apa apa") is the same word.
    .replace(/\b([a-z]+)(?: \1)+\b/g, "$1")
    .trim();
}
