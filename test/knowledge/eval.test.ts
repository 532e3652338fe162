import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";

type Sample = { q: string; verdict?: string; verdicts?: string[]; sources?: string[]; offtopic?: boolean };
type Line = { query: string; answered: boolean; results: { id: string; verdict: string; sources: string[] }[] };

/** Runs questions through the real CLI (`ask --json`), exactly as the evaluation does. */
function ask(questions: string[]): Line[] {
  const out = execFileSync(process.execPath, ["--import", "tsx", "src/cli/ask.ts", "--json"], { input: questions.join("\n"), encoding: "utf8" });
  return out.trim().split("\n").map((l) => JSON.parse(l) as Line);
}

function isRight(sample: Sample, line: Line): boolean {
  const top = line.results[0];
  const verdicts = sample.verdicts ?? (sample.verdict ? [sample.verdict] : undefined);
  const sourceOk = !sample.sources || top?.sources.some((s) => sample.sources?.includes(s));
  return line.answered && !!top && (!verdicts || verdicts.includes(top.verdict)) && !!sourceOk;
}

function score(samples: Sample[]): { onTopic: number; offTopic: number; misses: string[] } {
  const lines = ask(samples.map((s) => s.q));
  const on = samples.map((s, i) => [s, lines[i]!] as const).filter(([s]) => !s.offtopic);
  const off = samples.map((s, i) => [s, lines[i]!] as const).filter(([s]) => s.offtopic);
  const misses = on.filter(([s, l]) => !isRight(s, l)).map(([s, l]) => `${s.q} → ${l.answered ? l.results[0]?.id : "(no answer)"}`);
  misses.push(...off.filter(([, l]) => l.answered).map(([s, l]) => `off-topic answered: ${s.q} → ${l.results[0]?.id}`));
  return {
    onTopic: on.filter(([s, l]) => isRight(s, l)).length / Math.max(1, on.length),
    offTopic: off.filter(([, l]) => !l.answered).length / Math.max(1, off.length),
    misses,
  };
}

const read = (file: string) => JSON.parse(fs.readFileSync(new URL(file, import.meta.url), "utf8"));

describe("answer quality through `npm run ask -- --json`", () => {
  it("the shared sample: ≥ 90% right verdict and source on top, ≥ 90% off-topic refused", () => {
    const result = score(read("./eval-questions.json"));
    console.log(`eval sample: on-topic ${(result.onTopic * 100).toFixed(0)}%, off-topic refused ${(result.offTopic * 100).toFixed(0)}%`, result.misses);
    expect(result.onTopic).toBeGreaterThanOrEqual(0.9);
    expect(result.offTopic).toBeGreaterThanOrEqual(0.9);
  });

  it("our own informal paraphrases and off-topic set (not copied into any entry) stay above 85%", () => {
    const samples: Sample[] = [...read("./dev-questions.json"), ...read("./offtopic.json").map((q: string) => ({ q, offtopic: true }))];
    const result = score(samples);
    console.log(`dev set: on-topic ${(result.onTopic * 100).toFixed(0)}%, off-topic refused ${(result.offTopic * 100).toFixed(0)}%`, result.misses);
    expect(result.onTopic).toBeGreaterThanOrEqual(0.85);
    expect(result.offTopic).toBeGreaterThanOrEqual(0.9);
  });
});
