import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateReportKeyPair } from "../../src/core/reports/seal.ts";
import type { StoredReport } from "../../src/core/reports/model.ts";
import { buttons, Harness, type TestUser } from "../support/harness.ts";
import { documentMessage, fileReport, photoMessage, REVIEWER_CHAT, reviewerCalls, replyInReviewerChat } from "../support/reports.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Distinctive identity values: none of them may appear anywhere outside Telegram's own updates. */
const SITI: TestUser = { id: 987654321, first_name: "Siti", last_name: "Rahasiawati", username: "pelapor_rahasia_xyz", is_bot: false };
const NEEDLES = ["987654321", "pelapor_rahasia_xyz", "Siti", "Rahasiawati"];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function reports(h: Harness): Promise<StoredReport[]> {
  return h.app.deps.reports.repository.list();
}

function text(call: { payload: Record<string, any> }): string {
  return String(call.payload.text ?? "");
}

describe("anonymous reports: the reporter's path", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { REVIEWER_CHAT_ID: String(REVIEWER_CHAT) } });
  });
  afterAll(() => h.stop());
  afterEach(() => h.idle());

  it("files a report with text, photo, document and link evidence and shows the receipt code once", async () => {
    const user = h.user(101);
    const { code, notice, summary, receipt } = await fileReport(h, user, {
      category: "fasilitas",
      what: "Kepala dinas memakai mobil dinas <plat merah> & sopir kantor untuk kampanye.",
      who: "Kepala Dinas PU",
      where: "Kab. Contoh",
      when: "Senin 18 Nov, pagi",
      evidence: [photoMessage("photo-bukti-1", "di depan posko"), documentMessage("doc-bukti-2"), "video: https://contoh.id/v/123"],
    });
    expect(text(notice)).toContain("bukan</b> laporan resmi");
    expect(text(notice)).toContain("7 hari");
    expect(text(notice)).toContain('"sebagai file"');
    expect(text(notice)).toContain("lokasi GPS");
    expect(buttons(notice).map((b) => b.data)).toEqual(expect.arrayContaining(["lp:kat:medsos", "lp:kat:kampanye", "lp:kat:fasilitas", "lp:kat:keputusan", "lp:kat:uang", "lp:kat:intimidasi", "lp:kat:lainnya"]));
    expect(summary.status).toBe(200);
    expect(text(summary)).toContain("&lt;plat merah&gt; &amp; sopir");
    expect(text(summary)).toContain("1 foto, 1 dokumen, 1 tautan");
    expect(buttons(summary).map((b) => b.data)).toEqual(["lp:kirim", "lp:batal"]);
    expect(text(receipt)).toContain("Terima kasih, laporan Anda telah diterima. Kode laporan: <code>");
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(text(receipt)).toContain("/cek");
    expect(text(receipt)).toContain("rahasiakan");

    const stored = (await reports(h)).find((r) => r.status === "baru" && !("sealed" in r.content) && r.content.who === "Kepala Dinas PU")!;
    expect(stored.category).toBe("fasilitas");
    expect(stored.content).toMatchObject({ where: "Kab. Contoh", when: "Senin 18 Nov, pagi" });
    expect(!("sealed" in stored.content) && stored.content.evidence).toEqual([
      { kind: "photo", fileId: "photo-bukti-1", caption: "di depan posko" },
      { kind: "document", fileId: "doc-bukti-2" },
      { kind: "link", url: "https://contoh.id/v/123" },
    ]);
    await h.app.deps.store.flush();
    expect(fs.readFileSync(path.join(h.dataDir, "db.json"), "utf8")).not.toContain(code);
    // The code is shown once: it appears in exactly one message.
    expect(h.fake.calls.filter((c) => JSON.stringify(c.payload).includes(code))).toHaveLength(1);
  });

  it("is reachable by the deep link /start lapor", async () => {
    const notice = await h.ask(h.user(102), "/start lapor");
    expect(text(notice)).toContain("Pilih kategori");
    await h.ask(h.user(102), "/batal");
  });

  it("in a group answers only with a button to the private chat", async () => {
    const group = { id: -500, type: "supergroup", title: "Grup Dinas" };
    const before = h.send(h.user(103), "/lapor", group);
    const reply = await h.next(before, "sendMessage", -500);
    await h.idle();
    expect(buttons(reply)).toEqual([{ text: expect.any(String), data: undefined, url: "https://t.me/asn_netral_bot?start=lapor" }]);
    expect(text(reply)).not.toContain("kategori");
    expect(h.fake.calls.slice(before).filter((c) => Number(c.payload.chat_id) === -500)).toHaveLength(1);
  });

  it("in a group, /cek with a code tries to remove the exposed code and points to the private chat", async () => {
    const group = { id: -501, type: "supergroup", title: "Grup Dinas" };
    const before = h.send(h.user(103), "/cek ABCD-EFGH-JKMN", group);
    const reply = await h.next(before, "sendMessage", -501);
    await h.idle();
    expect(h.fake.callsOf("deleteMessage", -501)).toHaveLength(1);
    expect(buttons(reply)[0]!.url).toBe("https://t.me/asn_netral_bot?start=cek");
  });

  it("cancels with /batal and with the Batal button, storing nothing", async () => {
    const user = h.user(104);
    const count = (await reports(h)).length;
    await h.ask(user, "/lapor");
    await h.click(user, "lp:kat:uang");
    await h.ask(user, "Pembagian amplop oleh lurah");
    expect(text(await h.ask(user, "/batal"))).toContain("dibatalkan");
    const late = h.press(user, "lp:lewati:who");
    expect((await h.next(late, "answerCallbackQuery")).payload.text).toContain("tidak aktif");

    await h.ask(user, "/lapor");
    await h.click(user, "lp:kat:uang");
    expect(text(await h.click(user, "lp:batal"))).toContain("dibatalkan");
    expect(await reports(h)).toHaveLength(count);
    await h.app.deps.store.flush();
    for (const file of filesUnder(h.dataDir)) expect(fs.readFileSync(file, "utf8")).not.toContain("Pembagian amplop");
  });

  it("expires a silent draft after 30 minutes, and the late answer is neither stored nor taken as a question", async () => {
    const user = h.user(105);
    await h.ask(user, "/lapor");
    await h.click(user, "lp:kat:kampanye");
    h.clock.advance(31 * MINUTE);
    const reply = await h.ask(user, "Camat ikut konvoi kampanye kemarin sore");
    expect(text(reply)).toContain("kedaluwarsa");
    const press = h.press(user, "lp:kirim");
    expect((await h.next(press, "answerCallbackQuery")).payload.text).toContain("tidak aktif");
    const unanswered = JSON.stringify(await h.app.deps.store.records("unanswered").list());
    expect(unanswered).not.toContain("konvoi");
  });

  it("the periodic sweep expires drafts too", async () => {
    const user = h.user(106);
    await h.ask(user, "/lapor");
    await h.click(user, "lp:kat:kampanye");
    await h.ask(user, "Isi laporan yang akan kedaluwarsa");
    h.clock.advance(31 * MINUTE);
    await h.app.deps.store.sweep();
    expect(text(await h.ask(user, "Kepala Desa"))).toContain("kedaluwarsa");
  });

  it("asks again for over-long or empty answers and accepts skipping optional ones", async () => {
    const user = h.user(107);
    await h.ask(user, "/lapor");
    const wrong = await h.ask(user, "tanpa memilih kategori");
    expect(text(wrong)).toContain("pilih kategori");
    await h.idle();
    await h.click(user, "lp:kat:lainnya");
    const before = h.send(user, "x".repeat(2100));
    expect(text(await h.next(before, "sendMessage", user.id))).toContain("terlalu panjang (2100 karakter)");
    await h.idle();
    expect(text(await h.ask(user, "Singkat saja"))).toContain("Siapa yang dilaporkan");
    const media = h.sendMessage(user, photoMessage("too-early"));
    expect(text(await h.next(media, "sendMessage", user.id))).toContain("langkah Bukti");
    await h.idle();
    await h.ask(user, "/batal");
  });

  it("shows status and date for the right code, refuses wrong codes and slows down guessing", async () => {
    const user = h.user(108);
    const { code } = await fileReport(h, user);
    const view = await h.ask(user, `/cek ${code.toLowerCase()}`);
    expect(text(view)).toContain("Status: <b>Baru</b>");
    expect(text(view)).toMatch(/Dikirim: \d+ \w+ 2026/);
    expect(buttons(view).map((b) => b.data)).toEqual(["lp:balas"]);

    const guesser = h.user(109);
    for (let i = 0; i < 5; i++) expect(text(await h.ask(guesser, "/cek AAAA-BBBB-CCCC"))).toContain("Kode tidak ditemukan");
    expect(text(await h.ask(guesser, `/cek ${code}`))).toContain("Terlalu banyak percobaan, coba lagi dalam 15 menit");
    expect(text(await h.ask(user, `/cek ${code}`))).toContain("Status:");
    h.clock.advance(15 * MINUTE + 1000);
    expect(text(await h.ask(guesser, `/cek ${code}`))).toContain("Status:");
  });

  it("takes the code as the next message after a bare /cek", async () => {
    const user = h.user(110);
    const { code } = await fileReport(h, user);
    expect(text(await h.ask(user, "/cek"))).toContain("Kirim kode laporan");
    expect(text(await h.ask(user, "bukan kode"))).toContain("Kode tidak ditemukan");
    expect(text(await h.ask(user, code))).toContain("Status:");
    expect(text(await h.ask(user, "/start cek"))).toContain("Kirim kode laporan");
    expect(text(await h.ask(user, "/batal"))).toContain("Dibatalkan");
  });

  it("lets the reporter add information that reaches the reviewer chat as a reply to the report", async () => {
    const user = h.user(111);
    const { code } = await fileReport(h, user, { what: "Laporan untuk diberi tambahan" });
    const report = (await reports(h)).find((r) => !("sealed" in r.content) && r.content.what === "Laporan untuk diberi tambahan")!;
    await h.ask(user, `/cek ${code}`);
    expect(text(await h.click(user, "lp:balas"))).toContain("Tulis informasi tambahan");
    const before = h.send(user, "Kejadiannya sekitar pukul 09.00 di aula kantor.");
    const relayed = await h.next(before, "sendMessage", REVIEWER_CHAT);
    expect(text(relayed)).toContain("Kejadiannya sekitar pukul 09.00");
    expect(text(relayed)).toContain(report.id);
    expect(relayed.payload.reply_parameters.message_id).toBe(report.reviewerMessageIds[0]);
    expect(text(await h.next(before, "sendMessage", user.id))).toContain("diteruskan ke tim peninjau");

    const photo = h.sendMessage(user, photoMessage("photo-tambahan"));
    await h.next(photo, "sendMessage", user.id);
    await h.click(user, "lp:balas");
    const media = h.sendMessage(user, photoMessage("photo-tambahan"));
    const copy = await h.next(media, "copyMessage", REVIEWER_CHAT);
    expect(copy.payload.reply_parameters.message_id).toBe(report.reviewerMessageIds[0]);
    await h.idle();
    const view = await h.ask(user, `/cek ${code}`);
    expect(text(view)).toContain("pukul 09.00");
    expect(text(view)).toContain("[1 lampiran]");
  });

  it("allows three reports an hour per person and refuses the fourth", async () => {
    const user = h.user(112);
    for (let i = 0; i < 3; i++) await fileReport(h, user, { what: `Laporan ke-${i + 1}` });
    const refused = await h.ask(user, "/lapor");
    expect(text(refused)).toContain("sudah mengirim 3 laporan dalam satu jam terakhir");
    expect(buttons(refused)).toEqual([]);
    expect(text(await h.ask(h.user(113), "/lapor"))).toContain("Pilih kategori");
    await h.ask(h.user(113), "/batal");
    h.clock.advance(61 * MINUTE);
    expect(text(await h.ask(user, "/lapor"))).toContain("Pilih kategori");
    await h.ask(user, "/batal");
  });

  it("deletes reports after the retention period (90 days by default)", async () => {
    const user = h.user(114);
    const { code } = await fileReport(h, user, { what: "Laporan yang akan kedaluwarsa masa simpannya" });
    const id = (await reports(h)).find((r) => !("sealed" in r.content) && r.content.what.startsWith("Laporan yang akan"))!.id;
    h.clock.advance(89 * DAY);
    expect(text(await h.ask(user, `/cek ${code}`))).toContain("Status:");
    h.clock.advance(2 * DAY);
    expect(text(await h.ask(user, `/cek ${code}`))).toContain("Kode tidak ditemukan");
    await h.app.deps.store.flush();
    const disk = fs.readFileSync(path.join(h.dataDir, "db.json"), "utf8");
    expect(disk).not.toContain(id);
    expect(disk).not.toContain("kedaluwarsa masa simpannya");
  });
});

describe("anonymous reports: anonymity", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { REVIEWER_CHAT_ID: String(REVIEWER_CHAT), LOG_LEVEL: "info" } });
  });
  afterAll(() => h.stop());

  it("leaves no trace of the reporter in the data directory, the logs or the reviewer chat", async () => {
    const reviewer = h.user(7001, "Andi");
    const { code } = await fileReport(h, SITI, {
      who: "Kabid X",
      where: "Kota Y",
      when: "kemarin",
      evidence: [photoMessage("photo-anon"), documentMessage("doc-anon", "laporan.pdf"), "https://contoh.id/bukti"],
    });
    const report = (await reports(h))[0]!;
    await h.click(reviewer, `rv:${report.id}:diterima`, "answerCallbackQuery", report.reviewerMessageIds[0]);
    replyInReviewerChat(h, reviewer, report.reviewerMessageIds[0]!, "Terima kasih, mohon sebutkan jamnya.");
    await h.idle();
    await h.ask(SITI, `/cek ${code}`);
    await h.click(SITI, "lp:balas");
    const before = h.send(SITI, "Sekitar pukul 10 pagi.");
    await h.next(before, "sendMessage", REVIEWER_CHAT);
    await h.idle();
    await h.app.deps.store.flush();

    for (const file of filesUnder(h.dataDir)) {
      const content = fs.readFileSync(file, "utf8");
      for (const needle of NEEDLES) expect(content, `${needle} in ${file}`).not.toContain(needle);
    }
    const infoAndAbove = h.logs.filter((line) => JSON.parse(line).level <= 30);
    expect(infoAndAbove.some((l) => l.includes("report received"))).toBe(true);
    for (const line of infoAndAbove) for (const needle of NEEDLES) expect(line).not.toContain(needle);
    for (const line of h.logs) expect(line).not.toContain("Kepala dinas mengunggah");

    const toReviewers = reviewerCalls(h);
    expect(toReviewers.length).toBeGreaterThan(4);
    for (const call of toReviewers) {
      // copyMessage names the source chat to Telegram only; the copy shows no sender.
      const { from_chat_id: _source, ...delivered } = call.payload;
      for (const needle of NEEDLES) expect(JSON.stringify(delivered)).not.toContain(needle);
    }
    expect(toReviewers.filter((c) => c.method === "copyMessage")).toHaveLength(1);
    // The document is uploaded again under a neutral name: "laporan.pdf" may have been a real name.
    expect(toReviewers.filter((c) => c.method === "sendDocument").map((c) => c.payload.document.filename)).toEqual(["bukti.pdf"]);
    expect(h.fake.calls.every((c) => c.method !== "forwardMessage")).toBe(true);
  });

  it("never uses forwardMessage anywhere in the source", () => {
    const src = path.join(import.meta.dirname, "../../src");
    for (const file of filesUnder(src)) expect(fs.readFileSync(file, "utf8"), file).not.toContain("forwardMessage");
  });
});

describe("anonymous reports: sealed with REPORT_PUBLIC_KEY", () => {
  let h: Harness;
  const keys = generateReportKeyPair();
  beforeAll(async () => {
    h = await Harness.start({ env: { REVIEWER_CHAT_ID: String(REVIEWER_CHAT), REPORT_PUBLIC_KEY: keys.publicKey } });
  });
  afterAll(() => h.stop());

  it("stores content and thread sealed, still brings the report to reviewers, and /cek says it is encrypted", async () => {
    const user = h.user(201);
    const { code, notice } = await fileReport(h, user, { what: "Lurah mengerahkan staf ke acara deklarasi", who: "Lurah Z" });
    expect(text(notice)).toContain("terenkripsi");
    const [report] = await reports(h);
    const relayed = reviewerCalls(h).find((c) => c.method === "sendMessage")!;
    expect(text(relayed)).toContain("Lurah mengerahkan staf");
    replyInReviewerChat(h, h.user(7002, "Budi"), report!.reviewerMessageIds[0]!, "Pesan rahasia peninjau");
    await h.idle();
    await h.app.deps.store.flush();
    const disk = fs.readFileSync(path.join(h.dataDir, "db.json"), "utf8");
    for (const secret of ["Lurah", "deklarasi", "Pesan rahasia peninjau"]) expect(disk).not.toContain(secret);
    const view = await h.ask(user, `/cek ${code}`);
    expect(text(view)).toContain("Status: <b>Baru</b>");
    expect(text(view)).toContain("terenkripsi");
    expect(text(view)).toContain("Pesan dari tim peninjau: 1");
  });

  it("does not warn about storage in the clear", () => {
    expect(h.logs.some((l) => l.includes("REPORT_PUBLIC_KEY is not set"))).toBe(false);
  });
});

describe("anonymous reports: knowledge base without the reporting entries", () => {
  it("falls back to a built-in note on formal channels and the 7-day limit", async () => {
    const knowledgeDir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-"));
    fs.cpSync(path.join(import.meta.dirname, "../../knowledge"), knowledgeDir, { recursive: true });
    for (const id of ["lapor-asn-tidak-netral-kemana", "lapor-batas-waktu-7-hari"]) fs.rmSync(path.join(knowledgeDir, "pelaporan", `${id}.md`));
    const h = await Harness.start({ env: { KNOWLEDGE_DIR: knowledgeDir } });
    try {
      const notice = text(await h.ask(h.user(401), "/lapor"));
      expect(notice).toContain("SP4N-LAPOR!");
      expect(notice).toContain("<b>7 hari</b>");
      expect(notice).toContain("Pilih kategori");
    } finally {
      await h.stop();
    }
  });
});

describe("anonymous reports: without a reviewer chat", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.stop());

  it("still stores the report and gives the receipt, and warns once at start-up", async () => {
    const { code } = await fileReport(h, h.user(301));
    expect(await h.app.deps.reports.repository.findByCode(code)).toBeDefined();
    expect(h.logs.filter((l) => l.includes("REVIEWER_CHAT_ID is not set"))).toHaveLength(1);
    expect(h.logs.some((l) => l.includes("REPORT_PUBLIC_KEY is not set") && JSON.parse(l).level === 40)).toBe(true);
    expect(h.fake.callsOf("copyMessage")).toHaveLength(0);
  });

  it("purges old reports at start-up", async () => {
    const before = (await reports(h)).length;
    expect(before).toBeGreaterThan(0);
    h.clock.advance(91 * DAY);
    await h.restart();
    // The start-up purge runs beside start-up (it must not hold the bot back), so wait for it.
    await expect.poll(() => reports(h)).toHaveLength(0);
  });

  it("gives the receipt even when the reviewer chat refuses the report", async () => {
    const blocked = await Harness.start({ env: { REVIEWER_CHAT_ID: "-100999" } });
    try {
      blocked.fake.blocked.add(-100999);
      const { code } = await fileReport(blocked, blocked.user(302), { evidence: [photoMessage("p-blocked")] });
      expect(blocked.app.deps.reports.repository.findByCode(code)).toBeDefined();
      expect(blocked.logs.some((l) => l.includes("report could not be sent to the reviewer chat"))).toBe(true);
    } finally {
      await blocked.stop();
    }
  });
});
