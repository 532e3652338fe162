/**
 * Concept patterns (`knowledge/concepts.yaml`) are words, phrases or small regular expressions
 * written against normalised text; they match on whole words only, so "ass" never fires inside
 * "massa".
 */
export function compile(patterns: string[]): RegExp | undefined {
  // A pattern that does not compile is reported by kb:check and left out here, so the bot still starts.
  const valid = patterns.filter(compiles);
  if (valid.length === 0) return undefined;
  const combined = wholeWords(valid.map((p) => `(?:${p})`).join("|"), "");
  ALTERNATIVES.set(combined, valid.map((p) => wholeWords(p, "y")));
  return combined;
}

// A possessive suffix stays part of the word: "spanduknya", "kaosku" still match "spanduk",
// "kaos", and so do the regional ones (Javanese "kaose", Sundanese "sanksina", Minang
// "timsesnyo", Betawi "kaosnye").
function wholeWords(body: string, flags: string): RegExp {
  return new RegExp(`(?<![a-z0-9])(?:${body})(?:nya|ku|mu|ne|na|nyo|nye)?(?![a-z0-9])`, flags);
}

/** Each compiled pattern's alternatives, anchored, to find the longest match at a position. */
const ALTERNATIVES = new WeakMap<RegExp, RegExp[]>();

/**
 * Where `pattern` matches in `text`, as [start, end) spans. Where several of its patterns match at
 * one place the longest counts: "tanpa simbol jari atau gestur" is one span, not just "tanpa
 * simbol", which would leave "gestur" to be read as the opposite fact.
 */
export function spans(text: string, pattern: RegExp | undefined): [number, number][] {
  // Most patterns match nothing in a message: one plain test is much cheaper than the span search.
  if (!pattern?.test(text)) return [];
  const alternatives = ALTERNATIVES.get(pattern) ?? [new RegExp(pattern.source, "y")];
  const global = new RegExp(pattern.source, "g");
  const found: [number, number][] = [];
  for (let match = global.exec(text); match; match = global.exec(text)) {
    const at = match.index;
    const end = Math.max(at + match[0].length, ...alternatives.map((alt) => ((alt.lastIndex = at), at + (alt.exec(text)?.[0].length ?? 0))));
    found.push([at, end]);
    global.lastIndex = Math.max(end, at + 1);
  }
  return found;
}

/** `text` without the matches of `pattern`, spaces collapsed. */
export function strip(text: string, pattern: RegExp | undefined): string {
  return mask(text, pattern).replace(/\s+/g, " ").trim();
}

/** `text` with the given spans (or the matches of `pattern`) blanked, so positions of what is left stay the same. */
export function mask(text: string, pattern: RegExp | undefined, found: [number, number][] = spans(text, pattern)): string {
  let masked = text;
  for (const [start, end] of found) masked = masked.slice(0, start) + " ".repeat(end - start) + masked.slice(end);
  return masked;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
