import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness } from "./../support/harness.ts";
import { say } from "../support/pledge-flow.ts";
import { fileReport, REVIEWER_CHAT, reviewerCalls } from "../support/reports.ts";

const unanswered = async (h: Harness) => JSON.stringify(await h.app.deps.store.records("unanswered").list());
const onDisk = (h: Harness, file: string) => (fs.existsSync(path.join(h.dataDir, file)) ? fs.readFileSync(path.join(h.dataDir, file), "utf8") : "");

/** Free-text flows share the private chat: one conversation per person, and report text stays in reports. */
describe("one free-text flow at a time", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { REVIEWER_CHAT_ID: String(REVIEWER_CHAT) } });
  });
  afterAll(() => h.stop());

  it("/lapor closes an open pledge form and says so; text after the report never lands in the form", async () => {
    const user = h.user(4001);
    await say(h, user, "/ikrar", "Langkah 1/7");
    await say(h, user, "PNS", "Langkah 2/7");
    await say(h, user, "/lapor", "Isian ikrar Anda yang belum selesai dihentikan");
    await h.idle();
    expect((await h.app.deps.pledges.forms.load("4001")).kind).toBe("none");
    await say(h, user, "/batal", "Laporan dibatalkan");
    await fileReport(h, user, { who: "Kepala Dinas X, NIP 198507142010011003" });
    await h.ask(user, "Satu lagi: pelakunya juga memakai mobil dinas berpelat merah");
    await h.app.deps.store.flush();
    expect(onDisk(h, "pledge-forms.jsonl")).not.toContain("mobil dinas");
    expect(await unanswered(h)).not.toContain("mobil dinas");
  });

  it("starting the pledge ends an open report draft and says so", async () => {
    const user = h.user(4002);
    await h.ask(user, "/lapor");
    const before = h.send(user, "/ikrar");
    const notice = await h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= before && c.method === "sendMessage" && String(c.payload.text).includes("laporan yang belum dikirim dibatalkan"));
    expect(notice.payload.chat_id).toBe(4002);
  });

  it("an 18-digit number outside any flow is neither searched nor kept", async () => {
    const reply = await h.ask(h.user(4003), "1985 0714 2010 0110 03");
    expect(reply.payload.text).toContain("Sepertinya Anda mengetik NIP");
    expect(await unanswered(h)).not.toContain("1985");
  });

  it("free text after /cek is offered as a follow-up and never kept as an unanswered question", async () => {
    const user = h.user(4004);
    const { code } = await fileReport(h, user);
    await say(h, user, `/cek ${code}`, "Laporan Anda");
    const asked = await say(h, user, "Pak camat tadi juga menyuruh staf memasang spanduk zzqx", "Apakah pesan ini tambahan informasi");
    expect(asked.payload.chat_id).toBe(4004);
    const before = h.press(user, "lp:tambah");
    await h.next(before, "sendMessage", 4004);
    await h.idle();
    expect(reviewerCalls(h, before).some((c) => String(c.payload.text).includes("menyuruh staf memasang spanduk"))).toBe(true);
    await say(h, user, "/batal", "Sesi cek laporan ditutup");
    await h.ask(user, "Kepala desa qwzx membagikan sembako bergambar calon");
    expect(await unanswered(h)).not.toContain("spanduk");
    expect(await unanswered(h)).not.toContain("qwzx");
  });

  it("report text typed after a restart mid-report is not kept as an unanswered question", async () => {
    const user = h.user(4005);
    await h.ask(user, "/lapor");
    await h.click(user, "lp:kat:uang");
    await h.restart();
    await h.ask(user, "Pak Lurah zzkw kemarin sore duduk di warung dekat terminal bersama tim sukses");
    expect(await unanswered(h)).not.toContain("zzkw");
  });

  it("people who never reported still have their unanswered questions kept", async () => {
    h.clock.advance(31 * 60_000);
    await h.ask(h.user(4006), "bolehkah kucing zzpr ikut arisan kantor");
    expect(await unanswered(h)).toContain("zzpr");
  });
});
