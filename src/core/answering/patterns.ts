/**
 * Concept patterns (`knowledge/concepts.yaml`) are words, phrases or small regular expressions
 * written against normalised text; they match on whole words only, so "ass" never fires inside
 * "massa".
 */
export function compile(patterns: string[]): RegExp | undefined {
  // A pattern that does not compile is reported by kb:check and left out here, so the bot still starts.
  const valid = patterns.filter(compiles);
  if (valid.length === 0) return undefined;
  const body = valid.map((p) => `(?:${p})`).join("|");
  // A possessive suffix stays part of the word: "spanduknya", "kaosku" still match "spanduk",
  // "kaos", and so do the regional ones (Javanese "kaose", Sundanese "sanksina", Minang
  // "timsesnyo", Betawi "kaosnye").
  return new RegExp(`(?<![a-z0-9])(?:${body})(?:nya|ku|mu|ne|na|nyo|nye)?(?![a-z0-9])`);
}

/** Removes every match of `pattern` (global) from `text`, collapsing spaces. */
export function strip(text: string, pattern: RegExp | undefined): string {
  if (!pattern) return text;
  const global = new RegExp(pattern.source, "g");
  return text.replace(global, " ").replace(/\s+/g, " ").trim();
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
