import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runReportsCli, type CliIo } from "../../../src/cli/reports.ts";
import { ReportDesk } from "../../../src/core/reports/desk.ts";
import { openReports, OpenError, reportsToCsv } from "../../../src/core/reports/export.ts";
import type { ReportContent, StoredReport } from "../../../src/core/reports/model.ts";
import { generateReportKeyPair, Opener, ReportKeyError, Sealer } from "../../../src/core/reports/seal.ts";
import { StateSecret } from "../../../src/core/reports/state-secret.ts";
import { LowdbSharedStore } from "../../../src/storage/lowdb-shared.ts";
import { PostgresStore } from "../../../src/storage/postgres-store.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from "../../support/postgres.ts";

const CONTENT: ReportContent = {
  what: 'Sekda memakai mobil dinas ke kampanye, "plat merah", baris\nbaru',
  who: "Sekda",
  where: "Kab. X",
  when: "Kamis",
  evidence: [
    { kind: "photo", fileId: "AgAC-photo", caption: "depan posko" },
    { kind: "link", url: "https://contoh.id/video" },
  ],
};

function capture(env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", env, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += `${t}\n`) };
  return io;
}

describe("sealing", () => {
  it("round-trips a value through crypto_box_seal with a generated key pair", () => {
    const keys = generateReportKeyPair();
    const box = new Sealer(keys.publicKey).seal(CONTENT);
    expect(box).not.toContain("Sekda");
    expect(new Opener(keys.secretKey).open(box)).toEqual(CONTENT);
    expect(new Opener(keys.secretKey).publicKey).toBe(keys.publicKey);
  });

  it("refuses a box sealed for another key, and malformed keys", () => {
    const box = new Sealer(generateReportKeyPair().publicKey).seal(CONTENT);
    expect(() => new Opener(generateReportKeyPair().secretKey).open(box)).toThrow();
    expect(() => new Sealer("c2hvcnQ=")).toThrow(ReportKeyError);
  });
});

describe("keygen and offline open", () => {
  async function sealedDataDir(publicKey: string) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "reports-cli-"));
    const store = await LowdbSharedStore.open(dataDir);
    const desk = await ReportDesk.open({ store, now: () => new Date("2026-11-20T03:00:00Z"), secret: new StateSecret(), publicKey, retentionDays: 90 });
    const { report } = await desk.repository.create("fasilitas", CONTENT);
    await desk.repository.appendThread(report.id, "peninjau", { text: "Jam berapa?" });
    await desk.repository.appendThread(report.id, "pelapor", { text: "Sekitar pukul 9" });
    await store.close();
    return { dataDir, id: report.id };
  }

  it("keygen writes a private key file and prints the public key; open exports the reports as JSON and CSV", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reports-key-"));
    const keyFile = path.join(dir, "secret.key");
    const gen = capture();
    expect(await runReportsCli(["keygen", "--out", keyFile], gen)).toBe(0);
    const publicKey = /REPORT_PUBLIC_KEY=(\S+)/.exec(gen.stdout)![1]!;
    expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe("600");
    expect(gen.stdout).not.toContain(JSON.parse(fs.readFileSync(keyFile, "utf8")).secretKey);
    expect(await runReportsCli(["keygen", "--out", keyFile], capture())).toBe(2);

    const { dataDir, id } = await sealedDataDir(publicKey);
    expect(fs.readFileSync(path.join(dataDir, "db.json"), "utf8")).not.toContain("Sekda");

    const json = capture();
    expect(await runReportsCli(["open", "--key", keyFile, "--format", "json", "--data-dir", dataDir], json)).toBe(0);
    const [opened] = JSON.parse(json.stdout);
    expect(opened).toMatchObject({ id, category: "Fasilitas negara", status: "Baru", content: CONTENT });
    expect(opened.thread.map((m: { from: string; text: string }) => `${m.from}: ${m.text}`)).toEqual(["peninjau: Jam berapa?", "pelapor: Sekitar pukul 9"]);

    const csv = capture();
    expect(await runReportsCli(["open", "--key", keyFile, "--data-dir", dataDir], csv)).toBe(0);
    expect(csv.stdout.split("\n")[0]).toBe("id,kategori,status,dibuat,diperbarui,kejadian,terlapor,lokasi,waktu,bukti,percakapan");
    expect(csv.stdout).toContain('"Sekda memakai mobil dinas ke kampanye, ""plat merah"", baris\nbaru"');
    expect(csv.stdout).toContain("https://contoh.id/video");
  });

  it.skipIf(!TEST_DATABASE_URL)("open reads the reports from PostgreSQL when DATABASE_URL is set", async () => {
    const keys = generateReportKeyPair();
    const schema = uniqueSchema("reports");
    try {
      const store = await PostgresStore.open(TEST_DATABASE_URL!, { schema });
      const desk = await ReportDesk.open({ store, now: () => new Date("2026-11-20T03:00:00Z"), secret: new StateSecret(), publicKey: keys.publicKey, retentionDays: 90 });
      const { report } = await desk.repository.create("fasilitas", CONTENT);
      await store.close();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reports-key-"));
      fs.writeFileSync(path.join(dir, "secret.key"), keys.secretKey);
      const json = capture({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema });
      expect(await runReportsCli(["open", "--key", path.join(dir, "secret.key"), "--format", "json"], json)).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject([{ id: report.id, content: CONTENT }]);
    } finally {
      await dropSchema(schema);
    }
  });

  it("fails clearly with the wrong key or without one", async () => {
    const { dataDir } = await sealedDataDir(generateReportKeyPair().publicKey);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reports-key-"));
    const wrong = path.join(dir, "wrong.key");
    fs.writeFileSync(wrong, generateReportKeyPair().secretKey);
    const io = capture();
    expect(await runReportsCli(["open", "--key", wrong, "--data-dir", dataDir], io)).toBe(1);
    expect(io.stderr).toContain("tidak dapat dibuka");
    expect(await runReportsCli(["open", "--data-dir", dataDir], capture())).toBe(1);
    expect(await runReportsCli(["hapus"], capture())).toBe(2);
  });

  it("exports reports stored before a key was configured as they are, and names a report it cannot open", () => {
    const stored = (content: StoredReport["content"]): StoredReport => ({ id: "L-AAAAAA", codeHash: "h", category: "uang", status: "selesai", createdAt: "2026-11-01T00:00:00Z", updatedAt: "2026-11-02T00:00:00Z", content, thread: [], reviewerMessageIds: [], rejectPromptIds: [] });
    const opened = openReports([stored(CONTENT)]);
    expect(opened[0]!.content).toEqual(CONTENT);
    expect(reportsToCsv(opened)).toContain("Politik uang / pemberian");
    expect(() => openReports([stored({ sealed: "xx" })])).toThrow(/L-AAAAAA/);
    expect(() => openReports([stored({ sealed: "xx" })], new Opener(generateReportKeyPair().secretKey))).toThrow(OpenError);
  });
});
