import { describe, expect, it } from "vitest";
import type { Entry, SourceInfo } from "../../../src/core/knowledge/types.ts";
import { formatAnswer } from "../../../src/bot/format/answer.ts";
import { callbackData, escapeHtml } from "../../../src/bot/format/html.ts";
import { parseHtml } from "../../support/fake-telegram.ts";

const sources = new Map<string, SourceInfo>([["pp-94-2021", { id: "pp-94-2021", short: "PP 94/2021", title: "t", date: null, status: "berlaku", text: null }]]);
const entry = (body: string, title = "Judul"): Entry => ({
  id: "x",
  title,
  verdict: "tidak_boleh",
  questions: ["q"],
  keywords: [],
  sources: [{ id: "pp-94-2021", ref: "Pasal 5 huruf n angka 6" }],
  sanction: "Hukuman disiplin berat",
  facts: {},
  related: [],
  updated: "2026-11-22",
  body,
  file: "x.md",
});

describe("formatAnswer", () => {
  it("shows verdict, citation with the registry's short name, sanction and disclaimer", () => {
    const html = formatAnswer(entry("Penjelasan singkat."), sources);
    expect(html).toContain("❌ Tidak boleh");
    expect(html).toContain("PP 94/2021 Pasal 5 huruf n angka 6");
    expect(html).toContain("Hukuman disiplin berat");
    expect(html).toContain("bukan nasihat hukum");
  });

  it("stays valid HTML and within 4096 visible characters whatever the data holds", () => {
    const parsed = parseHtml(formatAnswer(entry("<b>a & b</b> ".repeat(2000), "<i>judul</i> & co"), sources));
    expect("text" in parsed && [...parsed.text].length).toBeLessThanOrEqual(4096);
  });
});

describe("html helpers", () => {
  it("escapes the three characters Telegram's HTML parser needs escaped", () => {
    expect(escapeHtml("<a href='x'>&</a>")).toBe("&lt;a href='x'&gt;&amp;&lt;/a&gt;");
  });

  it("refuses callback data over 64 bytes", () => {
    expect(callbackData("q", "a".repeat(62))).toHaveLength(64);
    expect(() => callbackData("q", "a".repeat(63))).toThrow(/64 bytes/);
  });
});
