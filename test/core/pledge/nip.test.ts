import { describe, expect, it } from "vitest";
import { checkNip, maskNip, normalizeNip } from "../../../src/core/pledge/nip.ts";

const now = new Date("2026-11-20T03:00:00Z");

function problem(status: "PNS" | "PPPK", nip: string) {
  const result = checkNip(status, nip, now);
  return result.ok ? "ok" : result.problem;
}

describe("NIP rules", () => {
  it("reads birth date, TMT and gender from a valid PNS NIP", () => {
    const result = checkNip("PNS", "198507142010011003", now);
    expect(result).toEqual({ ok: true, nip: "198507142010011003", last4: "1003", facts: { birthDate: "1985-07-14", appointed: "2010-01", gender: 1 } });
  });

  it("accepts the number typed with spaces, dots or dashes", () => {
    expect(normalizeNip("19850714 201001 1 003")).toBe("198507142010011003");
    expect(checkNip("PNS", "19850714.201001.1.003", now).ok).toBe(true);
    expect(checkNip("PNS", " 19850714-201001-2-003 ", now)).toMatchObject({ ok: true, facts: { gender: 2 } });
  });

  it("refuses letters and wrong lengths, saying which", () => {
    const letters = checkNip("PNS", "19850714201001100A", now);
    expect(letters).toMatchObject({ ok: false, problem: "not-digits" });
    expect(!letters.ok && letters.message).toContain("hanya boleh berisi angka");
    const short = checkNip("PNS", "1985071420100110", now);
    expect(short).toMatchObject({ ok: false, problem: "length" });
    expect(!short.ok && short.message).toContain("16 digit");
    expect(problem("PNS", "")).toBe("not-digits");
  });

  it("refuses a birth date that does not exist", () => {
    expect(problem("PNS", "198502302010011003")).toBe("birth-date");
    expect(problem("PNS", "198513012010011003")).toBe("birth-date");
    expect(problem("PNS", "198500102010011003")).toBe("birth-date");
  });

  it("refuses ages outside 18–70 at today's date", () => {
    const young = checkNip("PNS", "201001012030011003", now);
    expect(young).toMatchObject({ ok: false, problem: "age" });
    expect(!young.ok && young.message).toContain("usia 16 tahun");
    expect(problem("PNS", "195501012000011001")).toBe("age"); // 71
    expect(problem("PPPK", "195611202000011001")).toBe("ok"); // 70 today
    expect(problem("PPPK", "200811212026011001")).toBe("age"); // turns 18 tomorrow
  });

  it("refuses a TMT before the 18th birthday, in the future, or not a month", () => {
    expect(problem("PNS", "198507142002011003")).toBe("tmt-before-18");
    expect(problem("PNS", "198507142003061003")).toBe("tmt-before-18");
    expect(problem("PNS", "198507142003071003")).toBe("ok"); // the month of the 18th birthday
    expect(problem("PNS", "198507142026121003")).toBe("tmt-future");
    expect(problem("PNS", "198507142026111003")).toBe("ok"); // this month
    expect(problem("PNS", "198507142010131003")).toBe("tmt-invalid");
    expect(problem("PNS", "198507142010001003")).toBe("tmt-invalid");
  });

  it("refuses a gender digit other than 1 or 2", () => {
    const result = checkNip("PNS", "198507142010013003", now);
    expect(result).toMatchObject({ ok: false, problem: "gender" });
    expect(!result.ok && result.message).toContain("Digit ke-15");
  });

  it("checks only length and birth date for NI PPPK", () => {
    expect(checkNip("PPPK", "199001012024215001", now)).toEqual({ ok: true, nip: "199001012024215001", last4: "5001", facts: { birthDate: "1990-01-01" } });
    expect(problem("PNS", "199001012024215001")).toBe("tmt-invalid");
    expect(problem("PPPK", "199002302024215001")).toBe("birth-date");
    expect(problem("PPPK", "19900101202421500")).toBe("length");
    const labelled = checkNip("PPPK", "12", now);
    expect(!labelled.ok && labelled.message).toContain("NI PPPK");
  });

  it("masks all but the last four digits", () => {
    expect(maskNip("1234")).toBe("••••••••••••••1234");
  });
});
