/**
 * `npm run ask -- "pertanyaan"` prints the first message exactly as the chat shows it;
 * `npm run --silent ask -- --json` reads one question per line from stdin and writes one JSON
 * object per line (used by the evaluation in `npm test`).
 */
import readline from "node:readline";
import { htmlToText } from "../bot/format/html.ts";
import { replyHtml } from "../bot/format/reply.ts";
import { Answerer, type Decision } from "../core/answering/answerer.ts";
import { loadKnowledge } from "../core/knowledge/load.ts";
import { KnowledgeSearch } from "../core/knowledge/search.ts";

const kb = loadKnowledge(process.env.KNOWLEDGE_DIR ?? "knowledge");
const answerer = new Answerer(new KnowledgeSearch(kb.entries, kb.lexicon), kb.concepts);

/**
 * The machine-readable shape documented in the README: `answered` is true only when the bot gives
 * a verdict; `results[0]` is its best reading even when it asks first (`clarify`).
 */
export function toJson(question: string, decision: Decision): string {
  return JSON.stringify({
    query: question,
    answered: decision.kind === "answer",
    results: decision.hits.map((h) => ({
      id: h.entry.id,
      title: h.entry.title,
      verdict: h.entry.verdict,
      sources: [...new Set(h.entry.sources.map((s) => s.id))],
      score: Math.round(h.score * 100) / 100,
      coverage: Math.round(h.coverage * 100) / 100,
    })),
    text: htmlToText(replyHtml(decision, kb.sources)),
    ...(decision.kind === "clarify" ? { clarify: { question: decision.question, options: decision.options.map((o) => ({ label: o.label, id: o.entry.id, verdict: o.entry.verdict })) } } : {}),
    kind: decision.kind,
    ...(decision.kind === "refuse" ? { reason: decision.reason } : {}),
    understood: { facts: decision.understanding.facts, region: decision.understanding.region, sanction: decision.understanding.sanction, topics: decision.understanding.topics },
  });
}

function human(decision: Decision): string {
  const text = htmlToText(replyHtml(decision, kb.sources));
  if (decision.kind === "clarify") return [text, ...decision.options.map((o, i) => `  [${i + 1}] ${o.label}`)].join("\n");
  if (decision.kind === "refuse" && decision.hits.length) return [text, ...decision.hits.slice(0, 3).map((h) => `  - ${h.entry.title}`)].join("\n");
  return text;
}

const args = process.argv.slice(2);
if (args.includes("--json")) {
  const question = args.filter((a) => a !== "--json").join(" ");
  if (question) console.log(toJson(question, answerer.decide(question)));
  else for await (const line of readline.createInterface({ input: process.stdin, terminal: false })) if (line.trim()) console.log(toJson(line.trim(), answerer.decide(line.trim())));
} else if (args.length > 0) {
  console.log(human(answerer.decide(args.join(" "))));
} else {
  console.error('Pemakaian: npm run ask -- "pertanyaan"   atau   npm run --silent ask -- --json < pertanyaan.txt');
  process.exitCode = 2;
}
