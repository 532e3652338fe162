import { describe, expect, it } from "vitest";
import { Analyzer, normalise } from "../../../src/core/knowledge/analyzer.ts";

const analyzer = new Analyzer({
  synonyms: { like: ["ngelike", "nge-like", "suka"], calon: ["paslon", "pasangan calon", "cabup"], tidak: ["ga", "gak"], medsos: ["media sosial"] },
  stopwords: ["yang", "saya"],
});

describe("Indonesian analysis", () => {
  it("maps slang, phrases and stems to the same terms", () => {
    expect(analyzer.terms("Saya ngelike postingan pasangan calon")).toEqual(["like", "postingan", "calon"]);
    expect(analyzer.terms("nge-like status cabup ga")).toEqual(["like", "status", "calon", "tidak"]);
    expect(analyzer.terms("menyukai media sosial")).toEqual(["like", "medsos"]);
  });

  it("keeps words stock stopword lists would drop", () => {
    expect(analyzer.terms("tidak boleh harus bukan")).toEqual(["tidak", "boleh", "harus", "bukan"]);
  });

  it("normalises case, accents, reduplication and stretched letters", () => {
    expect(normalise("Kampanye-kampanye BOLEEEH? bagi2")).toBe("kampanye boleh bagi");
    expect(normalise("Café <b>&")).toBe("cafe b");
  });
});
