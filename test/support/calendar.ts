import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A fixture calendar (dates invented for tests only, never shipped): a national vote, a governor
 * vote in one province (NTT, WITA) and a re-vote in one kabupaten (Seram Bagian Barat, Maluku, WIT)
 * whose first quiet day is the national voting day.
 */
export const FIXTURE_CALENDAR = `
- id: pemilu-uji
  name: "Pemilu Uji 2027"
  kind: pemilu
  scope: nasional
  source: {id: pkpu-2-2024, ref: "jadwal uji"}
  phases:
    registration: {start: 2026-12-01, end: 2026-12-03}
    candidates_set: {date: 2026-12-20}
    campaign: {start: 2027-01-20, end: 2027-02-13}
    quiet: {start: 2027-02-14, end: 2027-02-16}
    voting: {date: 2027-02-17}
    counting: {start: 2027-02-17, end: 2027-03-10}
- id: pilgub-ntt-uji
  name: "Pilgub NTT Uji 2027"
  kind: pilkada
  scope: {provinsi: "Nusa Tenggara Timur"}
  source: {id: pkpu-2-2024, ref: "jadwal uji"}
  phases:
    campaign: {start: 2027-02-01, end: 2027-03-06}
    quiet: {start: 2027-03-07, end: 2027-03-09}
    voting: {date: 2027-03-10}
- id: psu-sbb-uji
  name: "PSU Seram Bagian Barat Uji 2027"
  kind: pemungutan-suara-ulang
  scope: {provinsi: Maluku, kabupaten: "Kabupaten Seram Bagian Barat"}
  source: {id: pkpu-2-2024, ref: "jadwal uji"}
  phases:
    quiet: {start: 2027-02-17, end: 2027-02-19}
    voting: {date: 2027-02-20}
`;

/** A copy of the shipped knowledge base with `kalender.yaml` replaced; returns its directory. */
export function knowledgeWithCalendar(calendarYaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-calendar-"));
  fs.cpSync("knowledge", dir, { recursive: true });
  writeCalendar(dir, calendarYaml);
  return dir;
}

/** Replaces the calendar of a knowledge directory (e.g. before /muatulang). */
export function writeCalendar(dir: string, calendarYaml: string): void {
  fs.writeFileSync(path.join(dir, "kalender.yaml"), calendarYaml);
}
