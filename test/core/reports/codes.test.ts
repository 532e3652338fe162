import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, hashCode, newHashKey, newReceiptCode, newShortId, normalizeCode } from "../../../src/core/reports/codes.ts";

describe("receipt codes", () => {
  it("are 12 symbols of a 32-symbol alphabet (60 bits), grouped by four", () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    for (let i = 0; i < 50; i++) expect(newReceiptCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it("do not repeat and use the whole alphabet (crypto randomness, not a counter)", () => {
    const codes = Array.from({ length: 2000 }, newReceiptCode);
    expect(new Set(codes).size).toBe(codes.length);
    const symbols = new Set(codes.join("").replace(/-/g, ""));
    expect(symbols.size).toBe(32);
  });

  it("forgive case, spacing, dashes and look-alike letters when typed back", () => {
    expect(normalizeCode(" ab12-cd34-ef56 ")).toBe("AB12-CD34-EF56");
    expect(normalizeCode("AB12 CD34 EF56")).toBe("AB12-CD34-EF56");
    expect(normalizeCode("oi12cd34ef5l")).toBe("0112-CD34-EF51");
    expect(normalizeCode("AB12-CD34")).toBeUndefined();
    expect(normalizeCode("AB12-CD34-EF5U")).toBeUndefined();
    expect(normalizeCode("")).toBeUndefined();
  });

  it("are stored as a keyed hash that depends on the pepper", () => {
    const pepper = newHashKey();
    const code = newReceiptCode();
    expect(hashCode(code, pepper)).toBe(hashCode(code, pepper));
    expect(hashCode(code, pepper)).not.toContain(code.replace(/-/g, ""));
    expect(hashCode(code, newHashKey())).not.toBe(hashCode(code, pepper));
  });

  it("short ids look like L-XXXXXX and are unrelated to codes", () => {
    expect(newShortId()).toMatch(/^L-[0-9A-Z]{6}$/);
  });
});
