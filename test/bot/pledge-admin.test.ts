import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PledgeStatistics } from "../../src/core/pledge/service.ts";
import type { ApiCall } from "../support/fake-telegram.ts";
import { Harness } from "../support/harness.ts";
import { fromNip, toNip } from "../support/pledge-flow.ts";

const chart = vi.hoisted(() => ({ fail: false }));
vi.mock("../../src/core/pledge/chart.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/core/pledge/chart.ts")>();
  return {
    ...real,
    renderStatisticsChart: (stats: PledgeStatistics) => (chart.fail ? Promise.reject(new Error("renderer broke")) : real.renderStatisticsChart(stats)),
  };
});

const ADMIN = 900;
const NIP = "198507142010011003";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BOM = "\ufeff";

describe("pledge statistics and export for admins (end to end)", () => {
  let h: Harness;
  const admin = () => h.user(ADMIN);
  beforeAll(async () => {
    h = await Harness.start({ env: { ADMIN_IDS: String(ADMIN) } });
  });
  afterAll(() => h.stop());

  /** Sends a command as the admin and waits for the upload (`sendPhoto`/`sendDocument`) it causes. */
  async function upload(text: string, method: string): Promise<ApiCall> {
    return h.next(h.send(admin(), text), method, ADMIN, 10_000);
  }

  it("refuses non-admins politely", async () => {
    const user = h.user(301);
    expect((await h.ask(user, "/statistik")).payload.text).toContain("hanya untuk admin");
    expect((await h.ask(user, "/ekspor")).payload.text).toContain("hanya untuk admin");
    expect(h.fake.callsOf("sendDocument")).toHaveLength(0);
  });

  it("shows zero counts before anyone pledged, without a chart", async () => {
    const reply = await h.ask(admin(), "/statistik");
    expect(reply.payload.text).toContain("Total ikrar: <b>0</b>");
    await h.idle();
    expect(h.fake.callsOf("sendPhoto")).toHaveLength(0);
    expect((await h.ask(admin(), "/ekspor")).payload.text).toContain("Belum ada ikrar");
  });

  it("counts totals, today, the last 7 days, agencies (top and Lainnya) and regions; sends a PNG chart", async () => {
    await toNip(h, h.user(302));
    await fromNip(h, h.user(302), NIP);
    const { pledges } = h.app.deps;
    h.clock.set("2026-11-18T05:00:00Z");
    for (let i = 0; i < 14; i++) {
      pledges.add({ userId: String(400 + i), nipHash: `h${i}`, nipLast4: String(2000 + i), name: `Pegawai ${i}`, agency: `Instansi ${String.fromCharCode(65 + i)}`, unit: "Sekretariat", province: "Bali", regency: "Kota Denpasar" });
    }
    h.clock.set("2026-11-20T03:00:00Z");

    const before = h.send(admin(), "/statistik");
    const text = String((await h.next(before, "sendMessage", ADMIN)).payload.text);
    expect(text).toContain("Total ikrar: <b>15</b>");
    expect(text).toContain("Hari ini: <b>1</b>");
    expect(text).toContain("Rab 18/11: 14");
    expect(text).toContain("Jum 20/11: 1");
    expect(text).toContain("WIB");
    expect(text).toMatch(/Lainnya \(5 instansi\) — 5/);
    expect(text).toContain("Kota Denpasar, Bali — 14");
    expect(text).toContain("Kabupaten Lembata, Nusa Tenggara Timur — 1");
    const photo = await h.next(before, "sendPhoto", ADMIN, 10_000);
    expect(photo.status).toBe(200);
    const content = photo.payload.photo.content as Buffer;
    expect(content.subarray(0, 8)).toEqual(PNG);
  });

  it("still sends the numbers when the chart cannot be rendered, and logs why", async () => {
    chart.fail = true;
    const photos = h.fake.callsOf("sendPhoto").length;
    try {
      expect((await h.ask(admin(), "/statistik")).payload.text).toContain("Total ikrar: <b>15</b>");
      await h.idle();
    } finally {
      chart.fail = false;
    }
    expect(h.fake.callsOf("sendPhoto")).toHaveLength(photos);
    expect(h.logs.some((l) => l.includes("chart failed") && l.includes("renderer broke"))).toBe(true);
  });

  it("exports a CSV with BOM, header and masked NIPs only", async () => {
    const doc = await upload("/ekspor", "sendDocument");
    const { filename, content } = doc.payload.document as { filename: string; content: Buffer };
    expect(filename).toBe("ikrar-2026-11-20.csv");
    const csv = content.toString("utf8");
    expect(csv.startsWith(BOM)).toBe(true);
    const lines = csv.slice(1).trimEnd().split("\n");
    expect(lines[0]).toBe("Nama,Instansi,Unit kerja,Daerah,NIP/NI PPPK (disamarkan),Tanggal ikrar (WIB),Kode tanda terima");
    expect(lines).toHaveLength(16);
    const maria = lines.find((l) => l.startsWith("Maria Goreti,"))!.split(","); // the quoted region holds one comma
    expect(maria.slice(3, 5).join(",")).toBe('"Kabupaten Lembata, Nusa Tenggara Timur"');
    expect(maria.slice(0, 3)).toEqual(["Maria Goreti", "Pemerintah Kabupaten Lembata", "Dinas Pendidikan"]);
    expect(maria[5]).toBe("••••••••••••••1003");
    expect(maria[6]).toBe("2026-11-20 10:00");
    expect(maria[7]).toMatch(/^IKR-/);
    expect(csv).not.toContain(NIP);
    expect(doc.payload.caption).toContain("15 ikrar");
  });

  it("filters the export by agency, case-insensitively", async () => {
    const doc = await upload("/ekspor kabupaten LEMBATA", "sendDocument");
    const { filename, content } = doc.payload.document as { filename: string; content: Buffer };
    expect(filename).toBe("ikrar-kabupaten-lembata-2026-11-20.csv");
    expect(content.toString("utf8").trimEnd().split("\n")).toHaveLength(2);
    expect((await h.ask(admin(), "/ekspor <Dinas Tak Ada>")).payload.text).toContain("Tidak ada ikrar dari instansi");
  });

  it("sends exports only in the private chat", async () => {
    const group = { id: -100900, type: "supergroup", title: "BKPSDM" };
    expect((await h.ask(admin(), "/ekspor", group)).payload.text).toContain("hanya dikirim di chat pribadi");
  });
});

describe("voiding a pledge (/batalkanikrar)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { ADMIN_IDS: String(ADMIN), LOG_LEVEL: "debug" } });
  });
  afterAll(() => h.stop());

  it("an admin voids a squatted NIP with a reason: the owner is told, the NIP is free again, the log names nobody", async () => {
    const squatter = h.user(311, "Penyerobot");
    await toNip(h, squatter);
    const receipt = await fromNip(h, squatter, NIP);
    expect((await h.ask(h.user(312), `/batalkanikrar ${NIP} bukan NIP saya`)).payload.text).toContain("hanya untuk admin");
    expect((await h.ask(h.user(ADMIN), "/batalkanikrar")).payload.text).toContain("Cara pakai");
    const before = h.send(h.user(ADMIN), `/batalkanikrar ${NIP} NIP dipakai oleh orang lain (laporan pemilik NIP)`);
    const done = await h.next(before, "sendMessage", ADMIN);
    expect(done.payload.text).toContain("dibatalkan");
    const told = await h.next(before, "sendMessage", 311);
    expect(told.payload.text).toContain("NIP dipakai oleh orang lain");
    expect(h.app.deps.pledges.byReceipt(receipt)).toBeUndefined();
    const owner = h.user(313);
    await toNip(h, owner);
    await fromNip(h, owner, NIP);
    const voidLog = h.logs.filter((l) => l.includes("voided")).map((l) => JSON.stringify({ ...JSON.parse(l), time: undefined }));
    expect(voidLog).toHaveLength(1);
    for (const secret of [NIP, receipt, "Penyerobot", "311", "orang lain", "1003"]) expect(voidLog[0]).not.toContain(secret);
  });
});
