import type { Concepts, Entry, KbProblem, Lexicon, SourceInfo } from "./types.ts";

/** Article numbers a reference names: "Pasal 5 huruf n jo Pasal 14" → ["5", "14"]. */
export function articlesIn(ref: string): string[] {
  return [...ref.matchAll(/Pasal\s+(\d+[A-Z]?)/g)].map((m) => m[1] as string);
}

/** Article numbers that have a heading ("## Pasal 5", "### Penjelasan Pasal 5 huruf n") in an extract. */
export function articlesHeld(extract: string): Set<string> {
  return new Set([...extract.matchAll(/^#{2,4}\s+(?:Penjelasan\s+)?Pasal\s+(\d+[A-Z]?)\b/gm)].map((m) => m[1] as string));
}

/**
 * Cross-entry checks: known source ids, articles that exist in the extracts we hold, no duplicate
 * ids, related ids that exist. Returns the problems and the entries that passed.
 */
export function validateEntries(
  entries: Entry[],
  sources: Map<string, SourceInfo>,
  extracts: Map<string, Set<string>>,
): { valid: Entry[]; problems: KbProblem[] } {
  const problems: KbProblem[] = [];
  const seen = new Map<string, string>();
  const broken = new Set<Entry>();
  const report = (entry: Entry, field: string, message: string) => {
    problems.push({ file: entry.file, field, message });
    broken.add(entry);
  };
  for (const entry of entries) {
    const other = seen.get(entry.id);
    if (other) report(entry, "id", `id "${entry.id}" sudah dipakai oleh ${other}`);
    seen.set(entry.id, entry.file);
    entry.sources.forEach((source, index) => {
      const field = `sources.${index}`;
      if (!sources.has(source.id)) return report(entry, `${field}.id`, `sumber "${source.id}" tidak terdaftar di sources.yaml`);
      const held = extracts.get(source.id);
      if (!held) return;
      for (const article of articlesIn(source.ref)) {
        if (!held.has(article)) report(entry, `${field}.ref`, `Pasal ${article} tidak ada dalam ekstrak ${source.id} yang kita pegang`);
      }
    });
  }
  const ids = new Set(entries.map((e) => e.id));
  for (const entry of entries) {
    for (const id of entry.related) if (!ids.has(id)) problems.push({ file: entry.file, field: "related", message: `entri terkait "${id}" tidak ada (diabaikan)` });
    entry.related = entry.related.filter((id) => ids.has(id) && id !== entry.id);
  }
  return { valid: entries.filter((e) => !broken.has(e)), problems };
}

/**
 * Every pattern in `concepts.yaml` compiles, every fact an entry names is defined, every place is
 * a known region, every fact word is a canonical lexicon word.
 */
export function conceptProblems(concepts: Concepts, entries: Entry[], regionIds: string[], lexicon: Lexicon): KbProblem[] {
  const problems: KbProblem[] = [];
  const file = "concepts.yaml";
  const check = (field: string, pattern: string) => {
    try {
      new RegExp(pattern);
    } catch (error) {
      problems.push({ file, field, message: `pola tidak valid: ${(error as Error).message}` });
      return;
    }
    // Patterns match whole words, so one that must end in a space can never match before a word.
    if (/ \)*$/.test(pattern)) problems.push({ file, field, message: "pola diakhiri spasi: tidak akan pernah cocok sebelum kata berikutnya" });
  };
  concepts.smalltalk.forEach((s, i) => s.patterns.forEach((p, j) => check(`smalltalk.${i}.patterns.${j}`, p)));
  for (const key of ["refuse", "fillers", "offtopic", "noise", "question_markers", "sanction", "verdict_question", "info_question", "followup"] as const) concepts[key].forEach((p, i) => check(`${key}.${i}`, p));
  for (const [name, fact] of Object.entries(concepts.facts)) {
    for (const side of ["ya", "tidak"] as const) fact[side].patterns.forEach((p, i) => check(`facts.${name}.${side}.patterns.${i}`, p));
  }
  for (const place of Object.keys(concepts.places)) {
    if (!regionIds.includes(place)) problems.push({ file, field: `places.${place}`, message: "bukan id daerah di daerah/regions.yaml" });
  }
  for (const word of concepts.fact_words) {
    if (!(word in lexicon.synonyms)) problems.push({ file, field: "fact_words", message: `"${word}" bukan kata kanonik di lexicon.yaml` });
  }
  if (concepts.sanction_overview && !entries.some((e) => e.id === concepts.sanction_overview)) {
    problems.push({ file, field: "sanction_overview", message: `entri "${concepts.sanction_overview}" tidak ada` });
  }
  for (const entry of entries) {
    for (const name of Object.keys(entry.facts)) {
      if (!concepts.facts[name]) problems.push({ file: entry.file, field: `facts.${name}`, message: "fakta ini tidak didefinisikan di concepts.yaml" });
    }
  }
  return problems;
}
