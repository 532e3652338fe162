import type { Entry, KbProblem, SourceInfo } from "./types.ts";

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
