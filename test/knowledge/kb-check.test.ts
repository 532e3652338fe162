import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kbCheck } from "../support/kb-check.ts";

describe("npm run kb:check", () => {
  it("passes on the knowledge base we ship", () => {
    const result = kbCheck("knowledge");
    expect(result.out).toContain("2 pemungutan suara di kalender, 0 masalah");
    expect(result.code).toBe(0);
  });

  it("names the file and field of a broken entry, an unknown source and an invented article", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-"));
    fs.cpSync("knowledge", dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "umum", "rusak.md"), "---\nid: rusak\ntitle: x\nverdict: mungkin\nquestions: [a]\nsources: [{id: pp-94-2021, ref: Pasal 5}]\nupdated: 2026-11-22\n---\nIsi yang cukup panjang untuk lolos batas minimal empat puluh karakter.\n");
    fs.writeFileSync(path.join(dir, "umum", "sumber.md"), "---\nid: sumber-asing\ntitle: x\nverdict: info\nquestions: [a]\nsources: [{id: uu-99-2099, ref: Pasal 1}, {id: pp-94-2021, ref: Pasal 999}]\nupdated: 2026-11-22\n---\nIsi yang cukup panjang untuk lolos batas minimal empat puluh karakter.\n");
    const result = kbCheck(dir);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/umum\/rusak\.md: verdict:/);
    expect(result.out).toMatch(/umum\/sumber\.md: sources\.0\.id: sumber "uu-99-2099" tidak terdaftar/);
    expect(result.out).toMatch(/umum\/sumber\.md: sources\.1\.ref: Pasal 999 tidak ada/);
  });

  it("names an entry's undefined deciding fact and a concept pattern that does not compile", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-"));
    fs.cpSync("knowledge", dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "umum", "fakta.md"), "---\nid: fakta-asing\ntitle: x\nverdict: info\nfacts: {tidak_ada: ya}\nquestions: [a]\nsources: [{id: pp-94-2021, ref: Pasal 5}]\nupdated: 2026-11-22\n---\nIsi yang cukup panjang untuk lolos batas minimal empat puluh karakter.\n");
    const concepts = fs.readFileSync(path.join(dir, "concepts.yaml"), "utf8").replace("refuse:\n", 'refuse:\n  - "(tidak ditutup"\n');
    fs.writeFileSync(path.join(dir, "concepts.yaml"), concepts);
    const result = kbCheck(dir);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/umum\/fakta\.md: facts\.tidak_ada: fakta ini tidak didefinisikan/);
    expect(result.out).toMatch(/concepts\.yaml: refuse\.0: pola tidak valid/);
  });

  it("checks the election calendar: dates in order, known scope names, registered sources", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-"));
    fs.cpSync("knowledge", dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "kalender.yaml"),
      "- id: psu-uji\n  name: PSU Uji\n  kind: pemungutan-suara-ulang\n  scope: {provinsi: Maluku, kabupaten: Kabupaten Belu}\n  source: {id: pkpu-9-2099, ref: x}\n  phases:\n    quiet: {start: 2027-02-18, end: 2027-02-16}\n    voting: {date: 2027-02-17}\n",
    );
    const result = kbCheck(dir);
    expect(result.code).toBe(1);
    expect(result.out).toContain("kalender.yaml: psu-uji.scope.kabupaten: Kabupaten Belu ada di Provinsi Nusa Tenggara Timur, bukan Maluku");
    expect(result.out).toContain('kalender.yaml: psu-uji.phases.quiet.source.id: sumber "pkpu-9-2099" tidak terdaftar di sources.yaml');
    expect(result.out).toContain("kalender.yaml: psu-uji.phases.quiet: berakhir (2027-02-16) sebelum dimulai (2027-02-18)");
  });
});
