import fs from "node:fs";
import { loadKnowledge } from "../../src/core/knowledge/load.ts";
import { KnowledgeSearch } from "../../src/core/knowledge/search.ts";
import { Answerer } from "../../src/core/answering/answerer.ts";
import type { Entry } from "../../src/core/knowledge/types.ts";

/**
 * Answering latency (understanding, search, facts, decision) over the knowledge base replicated to
 * `size` entries, with real questions including long stories; and the start-up index time.
 */
export function benchSearch(size = 1000, rounds = 20): { entries: number; queries: number; p50Ms: number; p99Ms: number; buildMs: number } {
  const kb = loadKnowledge("knowledge");
  const entries: Entry[] = [];
  for (let i = 0; entries.length < size; i++) for (const e of kb.entries) if (entries.length < size) entries.push({ ...e, id: `${e.id}-${i}`, title: `${e.title} (${i})`, questions: e.questions.map((q) => `${q} ${i}`) });
  const built = performance.now();
  const answerer = new Answerer(new KnowledgeSearch(entries, kb.lexicon), kb.concepts);
  const buildMs = performance.now() - built;
  const read = (f: string) => JSON.parse(fs.readFileSync(new URL(`../knowledge/${f}`, import.meta.url), "utf8"));
  const questions: string[] = [...read("eval-questions.json").map((q: { q: string }) => q.q), ...read("dev-questions.json").map((q: { q: string }) => q.q), ...read("offtopic.json"), ...read("dev-tune.json").map((q: { q: string }) => q.q)];
  for (const q of questions) answerer.decide(q); // warm-up: JIT and the analyzer's word cache
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      answerer.decide(q);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const pick = (p: number) => Math.round((times[Math.floor((times.length - 1) * p)] ?? 0) * 1000) / 1000;
  return { entries: entries.length, queries: times.length, p50Ms: pick(0.5), p99Ms: pick(0.99), buildMs: Math.round(buildMs) };
}
