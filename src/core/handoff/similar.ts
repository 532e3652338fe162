/** Share of terms two questions must have in common (Jaccard) to count as the same question. */
export const SIMILARITY_THRESHOLD = 0.5;

/** Similar items, the first one (the earliest given) standing for the group. */
export type SimilarGroup<T> = { items: T[]; terms: Set<string> };

/** Jaccard similarity of two term sets (0..1). */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Groups questions that say the same thing in other words, using the search's own analysis
 * (`termsOf`: stems, slang folded, stopwords dropped), so "pns blh like status caleg?" and "boleh
 * ASN nge-like postingan caleg" meet. Each item joins the most similar existing group above the
 * threshold, else starts one; only groups sharing a term are compared (an inverted index), which
 * keeps thousands of logged questions to milliseconds. Largest groups first; ties keep input order.
 */
export function groupSimilar<T>(items: T[], termsOf: (item: T) => string[], threshold = SIMILARITY_THRESHOLD): SimilarGroup<T>[] {
  const groups: SimilarGroup<T>[] = [];
  const byTerm = new Map<string, SimilarGroup<T>[]>();
  for (const item of items) {
    const terms = new Set(termsOf(item));
    const shared = new Map<SimilarGroup<T>, number>();
    for (const term of terms) for (const group of byTerm.get(term) ?? []) shared.set(group, (shared.get(group) ?? 0) + 1);
    let best: SimilarGroup<T> | undefined;
    let bestScore = threshold;
    for (const [group, count] of shared) {
      const score = count / (terms.size + group.terms.size - count);
      if (score > bestScore || (score === bestScore && !best)) [best, bestScore] = [group, score];
    }
    if (best) {
      best.items.push(item);
      continue;
    }
    const group = { items: [item], terms };
    groups.push(group);
    for (const term of terms) byTerm.get(term)?.push(group) ?? byTerm.set(term, [group]);
  }
  return groups.map((group, index) => ({ group, index })).sort((a, b) => b.group.items.length - a.group.items.length || a.index - b.index).map(({ group }) => group);
}

/** The texts among `candidates` similar to `text` (not equal to it), most similar first. */
export function similarTo(text: string, candidates: string[], termsOf: (text: string) => string[], threshold = SIMILARITY_THRESHOLD): string[] {
  const terms = new Set(termsOf(text));
  return [...new Set(candidates)]
    .filter((c) => c !== text)
    .map((c) => ({ c, score: similarity(terms, new Set(termsOf(c))) }))
    .filter((x) => x.score >= threshold)
    .sort((a, b) => b.score - a.score)
    .map((x) => x.c);
}
