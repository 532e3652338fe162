import fs from "node:fs";
import { groupSimilar } from "../../src/core/handoff/similar.ts";
import { loadKnowledge } from "../../src/core/knowledge/load.ts";
import { KnowledgeSearch } from "../../src/core/knowledge/search.ts";

/**
 * `/belumterjawab` groups up to 1000 logged questions in one admin command: how long that takes
 * (analysis included, cold word cache) with real phrasings, each repeated with a varying suffix so
 * not every copy lands in the same group.
 */
export async function benchGrouping(size = 1000): Promise<{ questions: number; groups: number; ms: number }> {
  const kb = loadKnowledge("knowledge");
  const search = new KnowledgeSearch(kb.entries, kb.lexicon);
  const read = (f: string) => JSON.parse(fs.readFileSync(new URL(`../knowledge/${f}`, import.meta.url), "utf8"));
  const pool: string[] = [...read("eval-questions.json").map((q: { q: string }) => q.q), ...read("dev-questions.json").map((q: { q: string }) => q.q), ...read("offtopic.json")];
  const questions = Array.from({ length: size }, (_, i) => `${pool[i % pool.length]} ${i % 3 === 0 ? `kasus ${i}` : ""}`.trim());
  const started = performance.now();
  const groups = groupSimilar(questions, (q) => search.analyzer.terms(q));
  return { questions: size, groups: groups.length, ms: Math.round(performance.now() - started) };
}
