import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ReportDesk } from "../../../src/core/reports/desk.ts";
import type { ReportContent } from "../../../src/core/reports/model.ts";
import { generateReportKeyPair } from "../../../src/core/reports/seal.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";

const CONTENT: ReportContent = { what: "Camat membagikan sembako bergambar calon", who: "Camat Y", where: "Kec. Z", when: "Senin", evidence: [{ kind: "link", url: "https://contoh.id/1" }] };

let now = new Date("2026-11-20T03:00:00Z");
const stores: LowdbStore[] = [];

async function open(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "reports-")), publicKey?: string) {
  const store = await LowdbStore.open(dataDir);
  stores.push(store);
  return { store, dataDir, desk: new ReportDesk({ store, now: () => now, publicKey, retentionDays: 90 }) };
}

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  now = new Date("2026-11-20T03:00:00Z");
});

describe("report repository", () => {
  it("finds a report by its code (however typed) and stores only the code's hash", async () => {
    const { desk, store, dataDir } = await open();
    const { report, code } = desk.repository.create("uang", CONTENT);
    expect(desk.repository.findByCode(code.toLowerCase().replace(/-/g, " "))?.id).toBe(report.id);
    expect(desk.repository.findByCode("AAAA-BBBB-CCCC")).toBeUndefined();
    expect(desk.repository.findByCode("bukan kode")).toBeUndefined();
    await store.flush();
    const disk = fs.readFileSync(path.join(dataDir, "db.json"), "utf8");
    expect(disk).toContain(report.id);
    expect(disk).not.toContain(code);
    expect(disk).not.toContain(code.replace(/-/g, ""));
  });

  it("stores only the WIB day of a report, its changes and its thread, never the time", async () => {
    now = new Date("2026-11-20T18:47:13.512Z"); // 01:47 on 21 November in WIB
    const { desk, store, dataDir } = await open();
    const { report } = desk.repository.create("uang", CONTENT);
    desk.repository.appendThread(report.id, "pelapor", { text: "tambahan" });
    desk.repository.setStatus(report.id, "diterima");
    await store.flush();
    const stored = JSON.parse(fs.readFileSync(path.join(dataDir, "db.json"), "utf8")).reports[report.id];
    expect([stored.createdAt, stored.updatedAt, stored.thread[0].at]).toEqual(["2026-11-21", "2026-11-21", "2026-11-21"]);
    expect(JSON.stringify(stored)).not.toMatch(/T\d{2}:\d{2}/);
  });

  it("relays new reports to reviewers after a random delay of 20 to 90 seconds by default", async () => {
    const { desk } = await open();
    const delays = Array.from({ length: 200 }, () => desk.relayDelayMs());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(20_000);
    expect(Math.max(...delays)).toBeLessThan(90_000);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it("keeps codes working after a restart (the pepper is kept with the data)", async () => {
    const first = await open();
    const { code } = first.desk.repository.create("uang", CONTENT);
    await first.store.close();
    stores.splice(0);
    const second = await open(first.dataDir);
    expect(second.desk.repository.findByCode(code)).toBeDefined();
  });

  it("moves status only along the allowed transitions", async () => {
    const { desk } = await open();
    const { report } = desk.repository.create("uang", CONTENT);
    expect(desk.repository.setStatus(report.id, "selesai")).toMatchObject({ ok: false, problem: "not_allowed", current: "baru" });
    expect(desk.repository.setStatus(report.id, "diterima").ok).toBe(true);
    expect(desk.repository.setStatus(report.id, "diterima")).toMatchObject({ ok: false, current: "diterima" });
    expect(desk.repository.setStatus("L-NOPE00", "diterima")).toMatchObject({ ok: false, problem: "not_found" });
  });

  it("maps reviewer-chat messages and rejection prompts back to the report", async () => {
    const { desk } = await open();
    const { report } = desk.repository.create("uang", CONTENT);
    desk.repository.linkReviewerMessages(report.id, [100, 101]);
    desk.repository.linkRejectPrompt(report.id, 102);
    expect(desk.repository.byReviewerMessage(101)).toMatchObject({ report: { id: report.id }, rejectPrompt: false });
    expect(desk.repository.byReviewerMessage(102)).toMatchObject({ rejectPrompt: true });
    expect(desk.repository.byReviewerMessage(999)).toBeUndefined();
  });

  it("seals content and thread with REPORT_PUBLIC_KEY so neither disk nor bot can read them", async () => {
    const keys = generateReportKeyPair();
    const { desk, store, dataDir } = await open(undefined, keys.publicKey);
    const { report } = desk.repository.create("uang", CONTENT);
    desk.repository.appendThread(report.id, "peninjau", { text: "Mohon sebutkan jam kejadian" });
    await store.flush();
    const disk = fs.readFileSync(path.join(dataDir, "db.json"), "utf8");
    expect(disk).not.toContain("sembako");
    expect(disk).not.toContain("Camat");
    expect(disk).not.toContain("jam kejadian");
    const stored = desk.repository.get(report.id)!;
    expect(desk.repository.readContent(stored)).toEqual({ sealed: true });
    expect(desk.repository.readThread(stored)).toEqual([{ from: "peninjau", at: "2026-11-20", message: { sealed: true } }]);
  });

  it("purges reports older than the retention period, from the file too", async () => {
    const { desk, store, dataDir } = await open();
    const { report: old } = desk.repository.create("uang", CONTENT);
    now = new Date(now.getTime() + 60 * 86_400_000);
    const { report: recent } = desk.repository.create("medsos", { ...CONTENT, what: "baru saja" });
    now = new Date(now.getTime() + 31 * 86_400_000);
    expect(desk.purge()).toBe(1);
    expect(desk.repository.get(old.id)).toBeUndefined();
    expect(desk.repository.get(recent.id)).toBeDefined();
    await store.flush();
    const disk = fs.readFileSync(path.join(dataDir, "db.json"), "utf8");
    expect(disk).not.toContain(old.id);
    expect(disk).not.toContain("sembako");
  });
});
