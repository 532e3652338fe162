/**
 * `npm run kb:check`: validates every knowledge file and names file and field on each problem.
 * Exit 1 when anything is wrong, so `npm test` (which runs it) fails on a broken entry.
 */
import { KnowledgeError, loadKnowledge } from "../core/knowledge/load.ts";

const dir = process.argv[2] ?? "knowledge";
try {
  const kb = loadKnowledge(dir);
  for (const p of kb.problems) console.error(`${p.file}: ${p.field}: ${p.message}`);
  const counts = new Map<string, number>();
  for (const entry of kb.entries) counts.set(entry.verdict, (counts.get(entry.verdict) ?? 0) + 1);
  const byVerdict = [...counts].map(([verdict, n]) => `${verdict} ${n}`);
  console.log(`${kb.entries.length} entri valid (${byVerdict.join(", ")}), ${kb.sources.size} sumber, ${kb.problems.length} masalah`);
  process.exitCode = kb.problems.length > 0 ? 1 : 0;
} catch (error) {
  if (!(error instanceof KnowledgeError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
