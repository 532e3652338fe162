/**
 * `npm run ask -- "pertanyaan"` prints the answer as a person sees it;
 * `npm run --silent ask -- --json` reads one question per line from stdin and writes one JSON
 * object per line (used by the evaluation in `npm test`).
 */
import readline from "node:readline";
import { formatAnswer } from "../bot/format/answer.ts";
import { htmlToText } from "../bot/format/html.ts";
import { loadKnowledge } from "../core/knowledge/load.ts";
import { KnowledgeSearch, type SearchOutcome } from "../core/knowledge/search.ts";

const kb = loadKnowledge(process.env.KNOWLEDGE_DIR ?? "knowledge");
const search = new KnowledgeSearch(kb.entries, kb.lexicon);

/** The machine-readable shape documented in the README. */
export function toJson(outcome: SearchOutcome): string {
  return JSON.stringify({
    query: outcome.query,
    answered: outcome.answered,
    results: outcome.hits.map((h) => ({
      id: h.entry.id,
      title: h.entry.title,
      verdict: h.entry.verdict,
      sources: [...new Set(h.entry.sources.map((s) => s.id))],
      score: Math.round(h.score * 100) / 100,
      coverage: Math.round(h.coverage * 100) / 100,
    })),
  });
}

function human(outcome: SearchOutcome): string {
  const top = outcome.hits[0];
  if (!outcome.answered || !top) {
    const closest = outcome.hits.slice(0, 3).map((h) => `- ${h.entry.title}`);
    return ["Maaf, belum ada jawaban yang cukup yakin untuk pertanyaan itu.", ...(closest.length ? ["Topik terdekat:", ...closest] : [])].join("\n");
  }
  return htmlToText(formatAnswer(top.entry, kb.sources));
}

const args = process.argv.slice(2);
if (args.includes("--json")) {
  const question = args.filter((a) => a !== "--json").join(" ");
  if (question) console.log(toJson(search.search(question)));
  else for await (const line of readline.createInterface({ input: process.stdin, terminal: false })) if (line.trim()) console.log(toJson(search.search(line.trim())));
} else if (args.length > 0) {
  console.log(human(search.search(args.join(" "))));
} else {
  console.error('Pemakaian: npm run ask -- "pertanyaan"   atau   npm run --silent ask -- --json < pertanyaan.txt');
  process.exitCode = 2;
}
