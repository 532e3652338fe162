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
 * Removes every match of `pattern` from `text`, collapsing spaces. Where several of its patterns
 * match at one place the longest is removed: "tanpa simbol jari atau gestur" goes whole, not
 * just "tanpa simbol", which would leave "gestur" to be read as the opposite fact.
 */
export function strip(text: string, pattern: RegExp | undefined): string {
  if (!pattern) return text;
  const alternatives = ALTERNATIVES.get(pattern) ?? [new RegExp(pattern.source, "y")];
  const global = new RegExp(pattern.source, "g");
  let kept = "";
  let from = 0;
  for (let found = global.exec(text); found; found = global.exec(text)) {
    const at = found.index;
    const end = Math.max(at + found[0].length, ...alternatives.map((alt) => ((alt.lastIndex = at), at + (alt.exec(text)?.[0].length ?? 0))));
    kept += `${text.slice(from, at)} `;
    from = end;
    global.lastIndex = Math.max(end, at + 1);
  }
  return (kept + text.slice(from)).replace(/\s+/g, " ").trim();
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
