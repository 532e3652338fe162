import { stringify } from "yaml";
import { normalise } from "../knowledge/analyzer.ts";
import { MAX_ID_LENGTH } from "../knowledge/parse-entry.ts";
import type { Verdict } from "../knowledge/types.ts";

export type DraftInput = {
  code: string;
  question: string;
  /** Other ways the same question was asked (unanswered log, other hand-offs). */
  similar: string[];
  answer: string;
  verdict: Verdict;
  /** YYYY-MM-DD */
  date: string;
};

/** Entry titles are at most 120 characters (see `parse-entry.ts`). */
const TITLE_LENGTH = 120;
const MAX_QUESTIONS = 10;

/** A kebab-case id from the question's words, ending in the code so two drafts never collide. */
export function draftId(question: string, code: string): string {
  const suffix = code.replace(/^T-/, "").toLowerCase();
  const room = MAX_ID_LENGTH - suffix.length - 1;
  let slug = "";
  for (const word of normalise(question).split(" ").filter(Boolean)) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > room) break;
    slug = next;
  }
  return slug ? `${slug}-${suffix}` : `draf-${suffix}`;
}

/**
 * A knowledge entry drafted from an expert's answer, in the `knowledge/` format, ready for a
 * maintainer to edit. It is written with `sources: []` on purpose: the loader refuses an entry
 * without sources ("setiap jawaban wajib mengutip sumber"), so a draft dropped into `knowledge/`
 * unfinished fails `npm run kb:check` and never reaches users. Only a maintainer citing the
 * regulation and article (checked against the extracts we hold) makes it an entry.
 */
export function draftEntryMarkdown(input: DraftInput): { fileName: string; text: string } {
  const id = draftId(input.question, input.code);
  const title = [...input.question].length > TITLE_LENGTH ? [...input.question].slice(0, TITLE_LENGTH - 1).join("") + "…" : input.question;
  const frontMatter = stringify({
    id,
    title,
    verdict: input.verdict,
    questions: [input.question, ...input.similar].slice(0, MAX_QUESTIONS),
    keywords: [],
    sources: [],
    updated: input.date,
  });
  const header = [
    `# DRAF dari pertanyaan ke petugas ${input.code} (${input.date}). Belum tampil ke pengguna.`,
    "# Sebelum dipakai: perbaiki judul dan pertanyaan, periksa vonis dan jawaban (fakta hukum hanya dari knowledge/peraturan/),",
    "# lalu isi sources (WAJIB), mis.:",
    "#   sources:",
    "#     - id: pp-94-2021          # id dari knowledge/sources.yaml",
    '#       ref: "Pasal 5 huruf n"  # pasal yang benar-benar ada di ekstraknya',
    "# Simpan sebagai knowledge/<tema>/<id>.md dan jalankan: npm run kb:check",
  ];
  const body = `${input.answer.trim()}\n`;
  return { fileName: `${id}.md`, text: `---\n${header.join("\n")}\n${frontMatter}---\n${body}` };
}
