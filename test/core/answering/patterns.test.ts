import { describe, expect, it } from "vitest";
import { compile, strip } from "../../../src/core/answering/patterns.ts";

describe("concept patterns", () => {
  it("match whole words, with possessive suffixes", () => {
    const pattern = compile(["kaos", "spanduk"]);
    expect(pattern?.test("pakai kaosnya")).toBe(true);
    expect(pattern?.test("kaosaja")).toBe(false);
  });

  it("strip the longest match where several patterns start at one place", () => {
    // The first pattern alone would leave "jari atau gestur", read later as making a gesture.
    const tidak = compile(["tanpa (simbol|jari)", "tanpa (simbol|gestur)( (jari|dukungan))*(( atau)? (simbol|gestur)( (jari|dukungan))*)*"]);
    expect(strip("foto bersama tanpa simbol jari atau gestur dukungan boleh", tidak)).toBe("foto bersama boleh");
    expect(strip("tanpa simbol, lalu tanpa jari", tidak)).toBe(", lalu");
  });

  it("skips a pattern that does not compile instead of failing", () => {
    expect(compile(["(unclosed", "kaos"])?.test("kaos")).toBe(true);
    expect(compile(["(unclosed"])).toBeUndefined();
  });
});
