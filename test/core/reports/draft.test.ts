import { describe, expect, it } from "vitest";
import { addEvidence, answerText, chooseCategory, draftContent, linksIn, MAX_EVIDENCE, newDraft, skipStep, TEXT_LIMITS } from "../../../src/core/reports/draft.ts";

describe("report draft", () => {
  it("walks category → what → who → where → when → evidence → confirm", () => {
    const d = newDraft();
    expect(d.step).toBe("category");
    expect(answerText(d, "teks sebelum kategori")).toEqual({ ok: false, problem: "wrong_step" });
    expect(chooseCategory(d, "medsos")).toEqual({ ok: true, step: "what" });
    expect(answerText(d, "  Kepala dinas mengunggah dukungan  ")).toEqual({ ok: true, step: "who" });
    expect(answerText(d, "Kadis X")).toEqual({ ok: true, step: "where" });
    expect(skipStep(d)).toEqual({ ok: true, step: "when" });
    expect(answerText(d, "kemarin")).toEqual({ ok: true, step: "evidence" });
    expect(addEvidence(d, { evidence: { kind: "photo", fileId: "f1" }, source: { chatId: 5, messageId: 9 } })).toEqual({ ok: true, step: "evidence" });
    expect(draftContent(d)).toBeUndefined();
    expect(skipStep(d)).toEqual({ ok: true, step: "confirm" });
    expect(draftContent(d)).toEqual({ category: "medsos", content: { what: "Kepala dinas mengunggah dukungan", who: "Kadis X", where: undefined, when: "kemarin", evidence: [{ kind: "photo", fileId: "f1" }] } });
  });

  it("keeps the reporter's chat out of the content that will be stored", () => {
    const d = newDraft();
    chooseCategory(d, "lainnya");
    answerText(d, "x");
    skipStep(d);
    skipStep(d);
    skipStep(d);
    addEvidence(d, { evidence: { kind: "document", fileId: "doc" }, source: { chatId: 987654321, messageId: 1 } });
    skipStep(d);
    expect(JSON.stringify(draftContent(d))).not.toContain("987654321");
  });

  it("refuses empty and over-long answers, and a skip of the required question", () => {
    const d = newDraft();
    chooseCategory(d, "uang");
    expect(skipStep(d)).toEqual({ ok: false, problem: "wrong_step" });
    expect(answerText(d, "   ")).toEqual({ ok: false, problem: "empty" });
    expect(answerText(d, "a".repeat(TEXT_LIMITS.what + 1))).toEqual({ ok: false, problem: "too_long" });
    expect(d.step).toBe("what");
  });

  it("caps the evidence", () => {
    const d = newDraft();
    chooseCategory(d, "uang");
    answerText(d, "x");
    skipStep(d);
    skipStep(d);
    skipStep(d);
    for (let i = 0; i < MAX_EVIDENCE; i++) expect(addEvidence(d, { evidence: { kind: "link", url: `https://x/${i}` } }).ok).toBe(true);
    expect(addEvidence(d, { evidence: { kind: "link", url: "https://x/more" } })).toEqual({ ok: false, problem: "too_many" });
  });

  it("finds links in text", () => {
    expect(linksIn("lihat https://fb.com/post/1, dan www.contoh.id/a.")).toEqual([
      { kind: "link", url: "https://fb.com/post/1" },
      { kind: "link", url: "www.contoh.id/a" },
    ]);
    expect(linksIn("tidak ada tautan")).toEqual([]);
  });
});
