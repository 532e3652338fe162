import { describe, expect, it } from "vitest";
import { groupSimilar, similarity, similarTo } from "../../../src/core/handoff/similar.ts";

const words = (text: string) => text.toLowerCase().split(/\W+/).filter(Boolean);

describe("grouping similar questions", () => {
  it("measures overlap of term sets", () => {
    expect(similarity(new Set(["a", "b"]), new Set(["a", "b"]))).toBe(1);
    expect(similarity(new Set(["a", "b"]), new Set(["b", "c"]))).toBeCloseTo(1 / 3);
    expect(similarity(new Set(), new Set(["a"]))).toBe(0);
  });

  it("puts rephrasings together and the largest group first", () => {
    const groups = groupSimilar(["paspor anak", "lomba masak desa", "masak lomba desa pppk", "desa lomba masak", "ketua rt"], words);
    expect(groups.map((g) => g.items.length)).toEqual([3, 1, 1]);
    expect(groups[0]!.items[0]).toBe("lomba masak desa");
    expect(groups.slice(1).map((g) => g.items[0])).toEqual(["paspor anak", "ketua rt"]);
  });

  it("finds other phrasings of one question, most similar first", () => {
    expect(similarTo("lomba masak desa", ["lomba masak desa", "desa lomba masak pppk rt", "lomba masak", "paspor"], words)).toEqual(["lomba masak", "desa lomba masak pppk rt"]);
  });
});
