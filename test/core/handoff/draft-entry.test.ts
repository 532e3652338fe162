import { describe, expect, it } from "vitest";
import { draftEntryMarkdown, draftId } from "../../../src/core/handoff/draft-entry.ts";
import { MAX_ID_LENGTH, parseEntry } from "../../../src/core/knowledge/parse-entry.ts";

const INPUT = {
  code: "T-7K3QPX",
  question: 'Bolehkah PNS jadi admin grup WA "relawan": calon bupati #1?',
  similar: ["pns admin grup wa relawan?"],
  answer: "Tidak boleh. Mengelola grup relawan calon berarti ikut mendukung kampanye, dan itu dilarang bagi ASN.",
  verdict: "tidak_boleh" as const,
  date: "2026-11-20",
};

describe("entry drafts from experts' answers", () => {
  it("makes a valid, unique, short id from the question", () => {
    expect(draftId(INPUT.question, INPUT.code)).toBe("bolehkah-pns-jadi-admin-grup-wa-relawan-7k3qpx");
    expect(draftId("x ".repeat(200), "T-ABCDEF").length).toBeLessThanOrEqual(MAX_ID_LENGTH);
    expect(draftId("???", "T-ABCDEF")).toBe("draf-abcdef");
  });

  it("is the knowledge/ format, refused by the loader only for its missing sources", () => {
    const { fileName, text } = draftEntryMarkdown(INPUT);
    const refused = parseEntry(`umum/${fileName}`, text);
    expect(refused.problems).toEqual([{ file: `umum/${fileName}`, field: "sources", message: "setiap jawaban wajib mengutip sumber" }]);
    const completed = parseEntry(`umum/${fileName}`, text.replace("sources: []", "sources:\n  - id: pp-94-2021\n    ref: Pasal 5"));
    expect(completed.entry).toMatchObject({ id: fileName.replace(/\.md$/, ""), verdict: "tidak_boleh", questions: [INPUT.question, ...INPUT.similar], body: INPUT.answer });
  });
});
