import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultyDisk } from "../support/faulty-disk.ts";
import { Harness, type TestUser } from "../support/harness.ts";
import { say, tap, toNip, toRegency } from "../support/pledge-flow.ts";

/** Walks `/lapor` up to the summary with its Kirim button. */
async function toSummary(h: Harness, user: TestUser): Promise<void> {
  await h.ask(user, "/lapor");
  await h.click(user, "lp:kat:fasilitas");
  await h.ask(user, "Mobil dinas dipakai mengangkut massa kampanye ke lapangan.");
  for (const step of ["who", "where", "when", "evidence"]) await h.click(user, `lp:lewati:${step}`);
}

const receiptIn = (text: unknown) => /Kode laporan: <code>([0-9A-Z-]+)<\/code>/.exec(String(text))?.[1];

/** What a reporter and a pledger see when the disk is full or slow: no code for what is not on disk. */
describe("acknowledged only when stored", () => {
  let h: Harness;
  const disk = new FaultyDisk();
  beforeAll(async () => {
    h = await Harness.start({ app: { storage: { io: disk, lock: { staleMs: 2000, waitMs: 0 } } } });
  });
  afterAll(() => h.stop());

  it("shows the receipt code only after the report is written to db.json (a kill -9 then loses nothing)", async () => {
    const user = h.user(6001);
    await toSummary(h, user);
    let release!: () => void;
    disk.hold = new Promise<void>((resolve) => (release = resolve));
    const writesBefore = disk.documentWrites;
    const before = h.press(user, "lp:kirim");
    while (disk.documentWrites === writesBefore) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.calls.slice(before).some((c) => receiptIn(c.payload.text))).toBe(false);
    release();
    disk.hold = undefined;
    const receipt = await h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= before && receiptIn(c.payload.text) !== undefined);
    expect(receipt.payload.chat_id).toBe(6001);
    const onDisk = JSON.parse(fs.readFileSync(path.join(h.dataDir, "db.json"), "utf8"));
    expect(Object.keys(onDisk.reports ?? {})).toHaveLength(1);
  });

  it("on a full disk says the report is not stored, gives no code, keeps the draft; Kirim later works", async () => {
    const user = h.user(6002);
    await toSummary(h, user);
    disk.full = true;
    const refused = await h.click(user, "lp:kirim");
    expect(refused.payload.text).toContain("belum tersimpan");
    expect(receiptIn(refused.payload.text)).toBeUndefined();
    expect(await h.app.deps.reports.repository.list()).toHaveLength(1);
    disk.full = false;
    const receipt = await h.click(user, "lp:kirim");
    const code = receiptIn(receipt.payload.text);
    expect(code).toBeDefined();
    const status = await h.ask(user, `/cek ${code}`);
    expect(status.payload.text).toContain("Laporan Anda");

    await h.click(user, "lp:balas");
    disk.full = true;
    expect((await h.ask(user, "Tambahan: plat nomornya KB 1234 XY")).payload.text).toContain("belum tersimpan");
    disk.full = false;
    expect((await h.ask(user, "Tambahan: plat nomornya KB 1234 XY")).payload.text).toContain("Tersimpan");
    const report = (await h.app.deps.reports.repository.findByCode(code!))!;
    expect(report.thread).toHaveLength(1);
  });

  it("a pledge that cannot be written gets 'try again', no receipt, and no torn line in the file", async () => {
    const user = h.user(6003);
    await toNip(h, user);
    await toRegency(h, user, { nip: "198507142010011003", agency: "Pemerintah Kabupaten Lembata", province: "NTT" });
    await say(h, user, "Lembata", "Periksa kembali");
    disk.roomLeft = 10;
    const trouble = await tap(h, user, "ikr:ok", "belum dapat disimpan");
    expect(trouble.payload.text).not.toContain("IKR-");
    disk.roomLeft = undefined;
    const text = fs.readFileSync(path.join(h.dataDir, "pledges.jsonl"), "utf8");
    expect(text === "" || text.endsWith("\n")).toBe(true);
    expect(await h.app.deps.pledges.byUser("6003")).toBeUndefined();
    await tap(h, user, "ikr:ok", "Terima kasih, ikrar Anda tercatat");
  });
});
