/**
 * Concept patterns (`knowledge/concepts.yaml`) are words, phrases or small regular expressions
 * written against normalised text; they match on whole words only, so "ass" never fires inside
 * "massa".
 */
export function compile(patterns: string[], { whole = false }: { whole?: boolean } = {}): RegExp | undefined {
  if (patterns.length === 0) return undefined;
  const body = patterns.map((p) => `(?:${p})`).join("|");
  return whole ? new RegExp(`^(?:(?:${body})\\s*)+$`) : new RegExp(`(?<![a-z0-9])(?:${body})(?![a-z0-9])`);
}

/** Removes every match of `pattern` (global) from `text`, collapsing spaces. */
export function strip(text: string, pattern: RegExp | undefined): string {
  if (!pattern) return text;
  const global = new RegExp(pattern.source, "g");
  return text.replace(global, " ").replace(/\s+/g, " ").trim();
}
