/**
 * `npm run kb:check`: validates every knowledge file (entries, sources, calendar, reminder texts,
 * pledge) and names file and field on each problem. Exit 1 when anything is wrong, so `npm test`
 * (which runs it) fails on a broken entry. The admins' /muatulang applies the same check.
 */
import { checkKnowledge } from "../core/knowledge/check.ts";

const dir = process.argv[2] ?? "knowledge";
const { knowledge, problems } = checkKnowledge(dir);
for (const problem of problems) console.error(problem);
if (knowledge) {
  const counts = new Map<string, number>();
  for (const entry of knowledge.entries) counts.set(entry.verdict, (counts.get(entry.verdict) ?? 0) + 1);
  const byVerdict = [...counts].map(([verdict, n]) => `${verdict} ${n}`);
  const votes = knowledge.calendar.votes.length;
  console.log(`${knowledge.entries.length} entri valid (${byVerdict.join(", ")}), ${knowledge.sources.size} sumber, ${votes} pemungutan suara di kalender, ${problems.length} masalah`);
}
process.exitCode = problems.length > 0 ? 1 : 0;
