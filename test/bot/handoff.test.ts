import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handoffUpkeep } from "../../src/bot/features/expert-chat.ts";
import type { Handoff } from "../../src/core/handoff/model.ts";
import type { ApiCall } from "../support/fake-telegram.ts";
import { buttons, Harness, type TestUser } from "../support/harness.ts";
import { kbCheck } from "../support/kb-check.ts";
import { fileReport } from "../support/reports.ts";

const EXPERT_CHAT = -1009876543210;
const expertChat = { id: EXPERT_CHAT, type: "supergroup", title: "Petugas BKPSDM" };
const HOUR = 3600_000;

function text(call: ApiCall): string {
  return String(call.payload.text ?? "");
}

/** Every trace of a person that must never reach the experts, storage or logs. */
function identity(user: TestUser): string[] {
  return [String(user.id), user.username!, user.first_name, user.last_name!];
}

/** Every file in the data folder, as text. */
function dataFolder(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, "utf8"))
    .join("\n");
}

describe("hand-off to the experts' chat (end to end through the fake Bot API)", () => {
  let h: Harness;
  const asker: TestUser = { id: 5550123987, first_name: "Sitirahmawati", last_name: "Nurhalizah", username: "siti_asn_kotaku", is_bot: false };
  const expert: TestUser = { id: 7101, first_name: "Pak Budi", is_bot: false };
  const outsider: TestUser = { id: 7666, first_name: "Orang Luar", is_bot: false };
  const admin: TestUser = { id: 4242, first_name: "Admin", is_bot: false };
  const QUESTION = "Apakah PNS boleh menjual ruko pribadinya kepada pengurus partai? NIP saya 198503122010011002, hp 0812-3456-7890";

  beforeAll(async () => {
    h = await Harness.start({ env: { EXPERT_CHAT_ID: String(EXPERT_CHAT), ADMIN_IDS: String(admin.id), HANDOFF_SECRET: "test-handoff-secret-0123456789", HANDOFF_LINK_DAYS: "7", HANDOFF_REMIND_HOURS: "24" } });
    h.fake.nonMembers.set(EXPERT_CHAT, new Set([outsider.id]));
  });
  afterAll(() => h.stop());

  const expertCalls = (after = 0) => h.fake.calls.slice(after).filter((c) => Number(c.payload.chat_id) === EXPERT_CHAT);
  const record = async (code: string) => (await h.app.deps.handoff.get(code)) as Handoff;

  /** A reply in the experts' chat to the bot's message `messageId`. */
  function replyInExpertChat(from: TestUser, messageId: number, answer: string): number {
    return h.send(from, answer, expertChat, { reply_to_message: { message_id: messageId, date: 0, chat: expertChat, from: h.fake.botInfo, text: "…" } });
  }

  /** Presses the preview's "Kirim" button; returns the code and the experts' chat message. */
  async function confirm(user: TestUser, preview: ApiCall): Promise<{ code: string; posted: ApiCall; receipt: ApiCall }> {
    const send = buttons(preview).find((b) => b.data?.startsWith("ho:s:"))!;
    const before = h.press(user, send.data!, preview.result.message_id);
    const receipt = await h.next(before, "editMessageText", user.id);
    const posted = await h.next(before, "sendMessage", EXPERT_CHAT);
    const code = /<code>(T-[0-9A-Z]{6})<\/code>/.exec(text(receipt))?.[1];
    if (!code) throw new Error(`no code in ${text(receipt)}`);
    return { code, posted, receipt };
  }

  /** Asks `question` privately until the refusal, then the hand-off preview; returns the preview. */
  async function refuseAndOffer(user: TestUser, question: string): Promise<ApiCall> {
    const refusal = await h.ask(user, question);
    expect(text(refusal)).toContain("belum punya jawaban");
    const offer = buttons(refusal).find((b) => b.text === "🙋 Tanyakan ke petugas");
    expect(offer?.data).toMatch(/^ho:p:[0-9A-Z]+$/);
    return h.click(user, offer!.data!);
  }

  /** `/tanyapetugas <question>` and its preview, for specs not about how the offer is made. */
  function askDirectly(user: TestUser, question: string): Promise<ApiCall> {
    return h.ask(user, `/tanyapetugas ${question}`);
  }

  let first: { code: string; posted: ApiCall };

  it("refusal → preview (masked, with the promise) → experts' chat, with nothing identifying the asker anywhere", async () => {
    const start = h.fake.calls.length;
    const preview = await refuseAndOffer(asker, QUESTION);
    const shown = text(preview);
    expect(shown).toContain("Yang akan dikirim");
    expect(shown).toContain("[NIP]");
    expect(shown).toContain("[nomor telepon]");
    expect(shown).not.toContain("198503122010011002");
    expect(shown).toContain("sudah disamarkan");
    expect(shown).toContain("tanpa nama, username, atau id Telegram Anda");
    expect(shown).toContain("tautan terenkripsi");
    expect(shown).toContain("setelah 7 hari");
    expect(shown).toContain("bukan entri basis pengetahuan");
    expect(expertCalls(start)).toHaveLength(0); // nothing leaves before the asker confirms

    const { code, posted, receipt } = await confirm(asker, preview);
    first = { code, posted };
    expect(text(receipt)).toContain("Terkirim ke petugas");
    expect(text(posted)).toContain(code);
    expect(text(posted)).toContain("ruko pribadinya kepada pengurus partai");
    expect(text(posted)).toContain("[NIP]");
    expect(text(posted)).toContain("Balas (reply) pesan ini");
    expect(h.fake.callsOf("forwardMessage")).toHaveLength(0);
    expect(h.fake.callsOf("copyMessage")).toHaveLength(0);
    expect(await record(code)).toMatchObject({ question: expect.stringContaining("[NIP]"), expertMessageId: posted.result.message_id, link: expect.any(String) });

    await h.idle();
    await h.app.deps.store.flush();
    const experts = JSON.stringify(expertCalls(start).map((c) => c.payload));
    const stored = dataFolder(h.dataDir);
    const logs = h.logs.join("\n");
    for (const trace of identity(asker)) {
      expect(experts).not.toContain(trace);
      expect(stored).not.toContain(trace);
      expect(logs).not.toContain(trace);
    }
    expect(stored).not.toContain("198503122010011002");
    expect(logs).toContain(code); // the log says that something happened, by code only
  });

  it("ignores a reply from someone who is not a member of the experts' chat", async () => {
    const before = replyInExpertChat(outsider, first.posted.result.message_id, "Saya bukan petugas tapi mau menjawab.");
    await h.idle();
    const after = h.fake.calls.slice(before);
    expect(after.filter((c) => c.method === "getChatMember")).toHaveLength(1);
    expect(after.filter((c) => c.method === "sendMessage")).toHaveLength(0);
    expect((await record(first.code)).closed).toBeUndefined();
    expect((await record(first.code)).link).toBeDefined();
  });

  it("delivers an expert's reply to the asker as a staff answer with a follow-up button, then deletes the link", async () => {
    const answer = "Sebaiknya tidak. PNS dilarang menyediakan fasilitas untuk posko partai politik atau pasangan calon; <ini> menurut ketentuan netralitas.";
    const before = replyInExpertChat(expert, first.posted.result.message_id, answer);
    const delivered = await h.next(before, "sendMessage", asker.id);
    expect(text(delivered)).toContain("Jawaban petugas");
    expect(text(delivered)).toContain(first.code);
    expect(text(delivered)).toContain("&lt;ini&gt;");
    expect(text(delivered)).toContain("bukan entri basis pengetahuan yang sudah diverifikasi");
    expect(text(delivered)).not.toContain("Pak Budi");
    expect(buttons(delivered)).toEqual([{ text: "💬 Tanya lanjutan", data: `ho:f:${first.code}`, url: undefined }]);
    const confirmation = await h.next(before, "sendMessage", EXPERT_CHAT);
    expect(text(confirmation)).toContain("terkirim kepada penanya");
    expect(buttons(confirmation).map((b) => b.data)).toEqual([`ex:d:${first.code}`]);
    await h.idle();
    expect(await record(first.code)).toMatchObject({ closed: "answered", answer });
    expect((await record(first.code)).link).toBeUndefined();

    // A second reply has nowhere to go: the link is gone.
    const again = replyInExpertChat(expert, first.posted.result.message_id, "Tambahan: silakan baca juga PP 94/2021.");
    expect(text(await h.next(again, "sendMessage", EXPERT_CHAT))).toContain("tautan ke penanya sudah dihapus");
    await h.idle();
    expect(h.fake.calls.slice(again).filter((c) => Number(c.payload.chat_id) === asker.id)).toHaveLength(0);
  });

  it("carries a follow-up from the asker to the experts, threaded under the first question", async () => {
    const prompt = await h.click(asker, `ho:f:${first.code}`);
    expect(prompt.payload.reply_markup.force_reply).toBe(true);
    const before = h.send(asker, "Kalau disewakan dengan harga pasar bagaimana?", { id: asker.id, type: "private" }, {
      reply_to_message: { message_id: prompt.result.message_id, date: 0, chat: { id: asker.id, type: "private" }, from: h.fake.botInfo, text: prompt.payload.text },
    });
    const preview = await h.next(before, "sendMessage", asker.id);
    expect(text(preview)).toContain(`Pertanyaan lanjutan untuk ${first.code}`);
    const { code, posted } = await confirm(asker, preview);
    expect(text(posted)).toContain(`Pertanyaan lanjutan ${code}</b> (dari ${first.code})`);
    expect(posted.payload.reply_parameters.message_id).toBe(first.posted.result.message_id);
    const answer = replyInExpertChat(expert, posted.result.message_id, "Sama saja: tidak boleh, karena tetap berpihak kepada salah satu calon.");
    expect(text(await h.next(answer, "sendMessage", asker.id))).toContain(code);
    await h.idle();
  });

  it("drafts a knowledge entry from an answer that kb:check refuses until its sources are filled", async () => {
    const d = h.press(expert, `ex:d:${first.code}`, 1, expertChat);
    const picker = await h.next(d, "sendMessage", EXPERT_CHAT);
    expect(buttons(picker).map((b) => b.data)).toContain(`ex:v:${first.code}:tidak_boleh`);
    const outsiderPress = h.press(outsider, `ex:v:${first.code}:boleh`, picker.result.message_id, expertChat);
    expect((await h.next(outsiderPress, "answerCallbackQuery")).payload.text).toContain("hanya anggota grup petugas");
    const v = h.press(expert, `ex:v:${first.code}:tidak_boleh`, picker.result.message_id, expertChat);
    expect(text(await h.next(v, "editMessageText", EXPERT_CHAT))).toContain("Draf entri");
    expect((await record(first.code)).draft?.verdict).toBe("tidak_boleh");

    const cmd = h.send(admin, "/drafentri");
    const doc = await h.next(cmd, "sendDocument", admin.id);
    const { filename, content } = doc.payload.document as { filename: string; content: Buffer };
    const markdown = content.toString("utf8");
    expect(filename).toMatch(/^[a-z0-9-]+\.md$/);
    expect(markdown).toContain("verdict: tidak_boleh");
    expect(markdown).toContain("sources: []");
    expect(markdown).toContain("ruko pribadinya kepada pengurus partai");
    expect(markdown).toContain("PNS dilarang menyediakan fasilitas untuk posko");
    for (const trace of identity(asker)) expect(markdown).not.toContain(trace);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-draft-"));
    fs.cpSync("knowledge", dir, { recursive: true });
    const file = path.join(dir, "umum", filename);
    fs.writeFileSync(file, markdown);
    const refused = kbCheck(dir);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`umum/${filename}: sources: setiap jawaban wajib mengutip sumber`);

    fs.writeFileSync(file, markdown.replace("sources: []", 'sources:\n  - id: pp-94-2021\n    ref: "Pasal 5"'));
    const passed = kbCheck(dir);
    expect(passed.out).toContain("0 masalah");
    expect(passed.code).toBe(0);

    expect(text(await h.ask(admin, `/drafentri selesai ${first.code.toLowerCase()}`))).toContain(`Draf ${first.code} dihapus`);
    expect(text(await h.ask(admin, "/drafentri"))).toContain("Belum ada draf entri");
  });

  it("lists open questions with their age in /antrean and reminds the experts once", async () => {
    const preview = await askDirectly(h.user(31), "apakah pppk boleh ikut lomba masak di kantor desa");
    const { code, posted } = await confirm(h.user(31), preview);
    h.clock.advance(25 * HOUR);
    const queue = await h.ask(expert, "/antrean", expertChat);
    expect(text(queue)).toContain(`<a href="https://t.me/c/9876543210/${posted.result.message_id}">${code}</a> · 25 jam`);
    expect(text(queue)).not.toContain(first.code); // answered questions leave the queue

    const before = h.fake.calls.length;
    await handoffUpkeep(h.app.bot.api, h.app.deps);
    await handoffUpkeep(h.app.bot.api, h.app.deps);
    const reminders = expertCalls(before).filter((c) => text(c).includes("Pengingat") && text(c).includes(code));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.payload.reply_parameters.message_id).toBe(posted.result.message_id);

    // Replying to the reminder answers the question too.
    const answer = replyInExpertChat(expert, reminders[0]!.result.message_id, "Boleh, selama bukan acara kampanye atau dukungan calon.");
    expect(text(await h.next(answer, "sendMessage", 31))).toContain("Boleh, selama bukan acara kampanye");
    await h.idle();
  });

  it("expires the link after the set days: the asker is told, the link is deleted, a late answer goes nowhere", async () => {
    const user = h.user(32);
    const { code, posted } = await confirm(user, await askDirectly(user, "cara bikin paspor untuk anak"));
    h.clock.advance(7 * 24 * HOUR + 1000);
    const before = h.fake.calls.length;
    await handoffUpkeep(h.app.bot.api, h.app.deps);
    const notice = h.fake.calls.slice(before).find((c) => Number(c.payload.chat_id) === user.id)!;
    expect(text(notice)).toContain(`<code>${code}</code> belum dijawab petugas dalam 7 hari`);
    expect(await record(code)).toMatchObject({ closed: "expired" });
    expect((await record(code)).link).toBeUndefined();
    await h.app.deps.store.flush();
    expect(fs.readFileSync(path.join(h.dataDir, "db.json"), "utf8")).not.toContain(`"link"`); // every link here is closed by now

    const late = replyInExpertChat(expert, posted.result.message_id, "Maaf terlambat, ini jawabannya.");
    expect(text(await h.next(late, "sendMessage", EXPERT_CHAT))).toContain("kedaluwarsa");
    await h.idle();
    expect(h.fake.calls.slice(late).filter((c) => Number(c.payload.chat_id) === user.id)).toHaveLength(0);
  });

  it("offers the hand-off after a 👎 and keeps which question got which answer (masked)", async () => {
    const user = h.user(33);
    const answer = await h.ask(user, "PNS boleh like postingan paslon gak?");
    const down = buttons(answer).find((b) => b.data?.startsWith("fb:-:"))!;
    const before = h.press(user, down.data!, answer.result.message_id);
    const offer = await h.next(before, "sendMessage", user.id);
    expect(buttons(offer)[0]).toMatchObject({ text: "🙋 Tanyakan ke petugas" });
    const entry = down.data!.slice("fb:-:".length);
    expect((await h.app.deps.questionLog.downvotes())[0]).toMatchObject({ question: "PNS boleh like postingan paslon gak?", entry });
    const preview = await h.click(user, buttons(offer)[0]!.data!);
    expect(text(preview)).toContain("PNS boleh like postingan paslon gak?");
    const title = h.app.deps.search.get(entry)!.title;
    expect(text(await h.ask(admin, "/masukan"))).toContain(`<i>PNS boleh like postingan paslon gak?</i> → ${title}`);
  });

  it("asks for the question when /tanyapetugas comes alone, and sends one given directly", async () => {
    const user = h.user(34);
    const prompt = await h.ask(user, "/tanyapetugas");
    expect(prompt.payload.reply_markup.force_reply).toBe(true);
    const preview = await h.ask(user, "/tanyapetugas Bolehkah ASN menjadi pengurus koperasi yang didirikan caleg?");
    expect(text(preview)).toContain("pengurus koperasi");
    expect(buttons(preview).map((b) => b.text)).toEqual(["✅ Kirim ke petugas", "✖️ Batal"]);
    const cancel = buttons(preview)[1]!.data!;
    const c = h.press(user, cancel, preview.result.message_id);
    expect(text(await h.next(c, "editMessageText", user.id))).toContain("Dibatalkan");
    const send = h.press(user, buttons(preview)[0]!.data!, preview.result.message_id);
    expect((await h.next(send, "answerCallbackQuery")).payload.text).toContain("kedaluwarsa atau sudah dikirim");
 
    const hostile = await h.ask(user, "/tanyapetugas <b>boleh</b> & <script>alert(1)</script> ikut kampanye?");
    expect(hostile.status).toBe(200);
    const { posted, receipt } = await confirm(user, hostile);
    expect([posted.status, receipt.status]).toEqual([200, 200]);
    expect(text(posted)).toContain("&lt;script&gt;");
  });

  it("lets the asker withdraw an open question (only from their own chat); a later reply goes nowhere", async () => {
    const user = h.user(36);
    const { code, posted, receipt } = await confirm(user, await askDirectly(user, "Bolehkah ASN menjadi juri lomba yang disponsori calon?"));
    expect(buttons(receipt)).toEqual([{ text: "↩️ Tarik pertanyaan", data: `ho:w:${code}`, url: undefined }]);
    const forged = h.press(h.user(37), `ho:w:${code}`);
    expect((await h.next(forged, "answerCallbackQuery")).payload.text).toContain("tidak dapat ditarik");
    expect((await record(code)).closed).toBeUndefined();

    const press = h.press(user, `ho:w:${code}`, receipt.result.message_id);
    expect(text(await h.next(press, "editMessageText", user.id))).toContain("ditarik");
    const notice = await h.next(press, "sendMessage", EXPERT_CHAT);
    expect(text(notice)).toContain(`menarik pertanyaan ${code}`);
    expect(await record(code)).toMatchObject({ closed: "withdrawn" });
    expect((await record(code)).link).toBeUndefined();
    const late = replyInExpertChat(expert, posted.result.message_id, "Tidak boleh.");
    expect(text(await h.next(late, "sendMessage", EXPERT_CHAT))).toContain("sudah menarik");
    await h.idle();
    expect(h.fake.calls.slice(late).filter((c) => Number(c.payload.chat_id) === user.id)).toHaveLength(0);
  });

  it("keeps the link when delivery fails for a passing reason, and closes it when the asker blocked the bot", async () => {
    const user = h.user(38);
    const { code, posted } = await confirm(user, await askDirectly(user, "Bolehkah ASN memasang stiker calon di mobil pribadi?"));
    h.fake.failures.push({ method: "sendMessage", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: something transient" } });
    const first = replyInExpertChat(expert, posted.result.message_id, "Tidak boleh, karena itu bentuk dukungan.");
    expect(text(await h.next(first, "sendMessage", EXPERT_CHAT))).toContain("belum terkirim karena gangguan");
    await h.idle();
    expect((await record(code)).link).toBeDefined();
    const again = replyInExpertChat(expert, posted.result.message_id, "Tidak boleh, karena itu bentuk dukungan.");
    expect(text(await h.next(again, "sendMessage", user.id))).toContain("Jawaban petugas");
    await h.idle();

    const blocked = h.user(39);
    const other = await confirm(blocked, await askDirectly(blocked, "Bolehkah ASN menjadi MC acara ulang tahun partai?"));
    h.fake.blocked.add(blocked.id);
    const reply = replyInExpertChat(expert, other.posted.result.message_id, "Tidak boleh.");
    expect(text(await h.next(reply, "sendMessage", EXPERT_CHAT))).toContain("tidak dapat dihubungi");
    await h.idle();
    expect(await record(other.code)).toMatchObject({ closed: "undeliverable" });
    expect((await record(other.code)).link).toBeUndefined();
    h.fake.blocked.delete(blocked.id);
  });

  it("asks experts for text within the limit instead of relaying anything else", async () => {
    const user = h.user(40);
    const { posted } = await confirm(user, await askDirectly(user, "Bolehkah ASN hadir di syukuran kemenangan calon?"));
    const sticker = h.sendMessage(expert, { sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false }, reply_to_message: { message_id: posted.result.message_id, date: 0, chat: expertChat, from: h.fake.botInfo, text: "…" } }, expertChat);
    expect(text(await h.next(sticker, "sendMessage", EXPERT_CHAT))).toContain("Hanya jawaban berupa teks");
    const long = replyInExpertChat(expert, posted.result.message_id, "panjang ".repeat(500));
    expect(text(await h.next(long, "sendMessage", EXPERT_CHAT))).toContain("Jawaban terlalu panjang");
    await h.idle();
    expect(h.fake.calls.slice(sticker).filter((c) => Number(c.payload.chat_id) === user.id)).toHaveLength(0);
  });

  it("offers the hand-off under a clarifying question too", async () => {
    const user = h.user(42);
    const clarify = await h.ask(user, "sy dimasukin ke grup wa pendukung paslon, gmn?");
    const offer = buttons(clarify).find((b) => b.text === "🙋 Tanyakan ke petugas");
    expect(offer?.data).toMatch(/^ho:p:[0-9A-Z]+$/);
    expect(buttons(clarify).length).toBeGreaterThan(1); // the clarifying options stay
    const preview = await h.click(user, offer!.data!);
    expect(text(preview)).toContain("grup wa pendukung paslon");
  });

  it("offers no hand-off and keeps no 👎 question for someone who just filed a report (their text may be report text)", async () => {
    const reporter = h.user(41);
    await fileReport(h, reporter);
    const refusal = await h.ask(reporter, "Kepala desa zzqw membagikan sembako bergambar calon");
    expect(buttons(refusal).some((b) => b.text === "🙋 Tanyakan ke petugas")).toBe(false);
    const answer = await h.ask(reporter, "PNS boleh like postingan paslon gak?");
    const down = buttons(answer).find((b) => b.data?.startsWith("fb:-:"))!;
    const votes = (await h.app.deps.questionLog.downvotes()).length;
    const before = h.press(reporter, down.data!, answer.result.message_id);
    await h.next(before, "answerCallbackQuery");
    await h.idle();
    expect(await h.app.deps.questionLog.downvotes()).toHaveLength(votes);
    const offers = h.fake.calls.slice(before).filter((c) => Number(c.payload.chat_id) === reporter.id && buttons(c).some((b) => b.text === "🙋 Tanyakan ke petugas"));
    expect(offers).toHaveLength(0);
  });

  it("offers the hand-off in a group through the private chat, never in the group itself", async () => {
    const group = { id: -100555, type: "supergroup", title: "ASN Kecamatan" };
    const user = h.user(35);
    const refusal = await h.ask(user, "/tanya cara perpanjang paspor dinas", group);
    const offer = buttons(refusal).find((b) => b.text === "🙋 Tanyakan ke petugas")!;
    const token = /\?start=ho-([0-9A-Z]+)$/.exec(offer.url ?? "")?.[1];
    expect(token).toBeDefined();
    const preview = await h.ask(user, `/start ho-${token}`);
    expect(text(preview)).toContain("cara perpanjang paspor dinas");
    expect(buttons(preview)[0]!.data).toBe(`ho:s:${token}`);
  });

  it("never shows the asker's id, username or name in the experts' chat, storage or logs, over the whole flow", async () => {
    await h.idle();
    await h.app.deps.store.flush();
    const experts = JSON.stringify(expertCalls().map((c) => c.payload));
    const everywhere = [experts, dataFolder(h.dataDir), h.logs.join("\n")];
    for (const trace of identity(asker)) for (const place of everywhere) expect(place).not.toContain(trace);
    expect(h.fake.callsOf("forwardMessage")).toHaveLength(0);
  });

  it("groups similar unanswered questions in /belumterjawab, largest first, with counts and the closest entry", async () => {
    for (const q of [
      "apakah pppk boleh ikut lomba masak di kantor desa",
      "pppk ikut lomba masak di kantor desa boleh?",
      "boleh gak PPPK ikut lomba memasak kantor desa, hp saya 081234567890",
      "bolehkah pns jadi ketua rt",
    ]) {
      h.app.deps.questionLog.recordUnanswered(q);
    }
    const list = text(await h.ask(admin, "/belumterjawab"));
    const groups = list.split(/\n\n(?=\d+\. )/).slice(1);
    expect(groups[0]).toMatch(/^1\. <b>3×<\/b> .*lomba/);
    expect(groups[0]).toContain("Entri terdekat:");
    expect(list).not.toContain("081234567890");
    expect(list).toContain("[nomor telepon]");
    const counts = groups.map((g) => Number(/<b>(\d+)×<\/b>/.exec(g)?.[1]));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});

describe("hand-off across a restart, with the link key generated into the data folder", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { EXPERT_CHAT_ID: String(EXPERT_CHAT) } });
  });
  afterAll(() => h.stop());

  it("delivers an answer to a question sent before the restart; the generated key is private to the bot's user", async () => {
    const asker = h.user(5551112223);
    const refusal = await h.ask(asker, "cara perpanjang paspor dinas");
    const preview = await h.click(asker, buttons(refusal).find((b) => b.data?.startsWith("ho:p:"))!.data!);
    const before = h.press(asker, buttons(preview)[0]!.data!, preview.result.message_id);
    const posted = await h.next(before, "sendMessage", EXPERT_CHAT);
    await h.idle();
    expect(h.logs.join("\n")).toContain("HANDOFF_SECRET is not set");
    expect(fs.statSync(path.join(h.dataDir, "handoff-secret")).mode & 0o777).toBe(0o600);

    await h.restart();
    const reply = h.send(h.user(7101), "Silakan hubungi bagian umum di kantor Anda.", expertChat, {
      reply_to_message: { message_id: posted.result.message_id, date: 0, chat: expertChat, from: h.fake.botInfo, text: "…" },
    });
    expect(text(await h.next(reply, "sendMessage", asker.id))).toContain("Silakan hubungi bagian umum");
  });
});
