import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { parseCalendar } from "../../../src/core/calendar/parse.ts";
import { loadKnowledge } from "../../../src/core/knowledge/load.ts";
import { FIXTURE_CALENDAR } from "../../support/calendar.ts";

const shipped = loadKnowledge("knowledge");
const context = { provinces: shipped.provinces, regions: shipped.regions, sources: shipped.sources };
const parse = (yaml: string) => parseCalendar(parseYaml(yaml), context);

/** One vote with the given lines after `phases:`, to break one thing at a time. */
function vote(fields: string, phases = "    quiet: {start: 2027-02-14, end: 2027-02-16}\n    voting: {date: 2027-02-17}") {
  return `- id: uji\n  name: Uji\n  kind: pilkada\n  source: {id: pkpu-2-2024, ref: jadwal}\n${fields}\n  phases:\n${phases}\n`;
}

describe("kalender.yaml", () => {
  it("ships the 2024 votes as history, each date with a registered source", () => {
    expect(shipped.calendar.votes.map((v) => v.id)).toEqual(["pemilu-2024", "pilkada-2024"]);
    const pilkada = shipped.calendar.votes[1]!;
    expect(pilkada.phases.find((p) => p.key === "quiet")).toMatchObject({ start: "2024-11-24", end: "2024-11-26", source: { id: "pkpu-2-2024" } });
    expect(shipped.calendar.ahead("2026-11-29")).toEqual([]);
  });

  it("reads national, provincial and kabupaten votes in voting-day order", () => {
    const { votes, problems } = parse(FIXTURE_CALENDAR);
    expect(problems).toEqual([]);
    expect(votes.map((v) => [v.id, v.scope])).toEqual([
      ["pemilu-uji", { level: "nasional" }],
      ["psu-sbb-uji", { level: "kabupaten", province: "Maluku", kabupaten: "Kabupaten Seram Bagian Barat" }],
      ["pilgub-ntt-uji", { level: "provinsi", province: "Nusa Tenggara Timur" }],
    ]);
  });

  it("treats an empty file or an empty list as no vote planned", () => {
    expect(parse("")).toEqual({ votes: [], problems: [] });
    expect(parse("[]")).toEqual({ votes: [], problems: [] });
  });

  it("names vote and field of every problem, and leaves the broken vote out", () => {
    const cases: [string, RegExp][] = [
      [vote("  scope: nasional", "    quiet: {start: 2027-02-18, end: 2027-02-19}\n    voting: {date: 2027-02-17}"), /^uji\.phases\.voting: dimulai \(2027-02-17\) sebelum quiet/],
      [vote("  scope: nasional", "    campaign: {start: 2027-01-01, end: 2027-02-14}\n    quiet: {start: 2027-02-14, end: 2027-02-16}\n    voting: {date: 2027-02-17}"), /^uji\.phases\.quiet: dimulai \(2027-02-14\) sebelum campaign berakhir/],
      [vote("  scope: nasional", "    quiet: {start: 2027-02-16, end: 2027-02-14}\n    voting: {date: 2027-02-17}"), /^uji\.phases\.quiet: berakhir \(2027-02-14\) sebelum dimulai/],
      [vote("  scope: nasional", "    voting: {date: 2027-02-30}"), /^uji\.phases\.voting\.date: harus tanggal/],
      [vote("  scope: nasional", "    quiet: {start: 2027-02-14, end: 2027-02-16}"), /^uji\.phases\.voting: tanggal pemungutan suara wajib/],
      [vote("  scope: {provinsi: Atlantis}"), /^uji\.scope\.provinsi: "Atlantis" bukan nama provinsi/],
      [vote("  scope: {provinsi: NTT}"), /^uji\.scope\.provinsi: "NTT" bukan nama provinsi .*Nusa Tenggara Timur/],
      [vote("  scope: {provinsi: Maluku, kabupaten: Seram Bagian Barat}"), /^uji\.scope\.kabupaten: .*harus diawali "Kabupaten " atau "Kota "/],
      [vote("  scope: {provinsi: Maluku, kabupaten: Kabupaten Lembata}"), /^uji\.scope\.kabupaten: Kabupaten Lembata ada di Provinsi Nusa Tenggara Timur/],
      [vote("  scope: nasional").replace("pkpu-2-2024", "pkpu-99-2099"), /^uji\.phases\.quiet\.source\.id: sumber "pkpu-99-2099" tidak terdaftar/],
      [vote("  scope: nasional").replace("  source: {id: pkpu-2-2024, ref: jadwal}\n", ""), /^uji\.phases\.quiet\.source: setiap tanggal perlu sumber/],
      [vote("  scope: nasional").replace("kind: pilkada", "kind: referendum"), /^uji\.kind: /],
    ];
    for (const [yaml, expected] of cases) {
      const { votes, problems } = parse(yaml);
      expect(votes, yaml).toEqual([]);
      expect(problems.map((p) => `${p.field}: ${p.message}`)).toContainEqual(expect.stringMatching(expected));
      expect(problems.every((p) => p.file === "kalender.yaml")).toBe(true);
    }
  });

  it("refuses two votes with one id (the reminder ledger is keyed by it)", () => {
    const { problems } = parse(vote("  scope: nasional") + vote("  scope: nasional"));
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual(['uji.id: id "uji" sudah dipakai']);
  });
});
