import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttons, Harness } from "../support/harness.ts";

describe("asking questions (end to end through the fake Bot API)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.stop());

  it("welcomes on /start with what the bot does", async () => {
    const reply = await h.ask(h.user(1), "/start");
    expect(reply.payload.text).toContain("ASN Netral");
    expect(reply.payload.text).toContain("/lapor");
  });

  it("answers a private question briefly: verdict, articles in one line, sanction in one line, disclaimer", async () => {
    const reply = await h.ask(h.user(2), "PNS boleh like postingan paslon gak?");
    const text = reply.payload.text as string;
    expect(text).toContain("❌ Tidak boleh");
    expect(text).toMatch(/📜 [^\n]*Pasal/);
    expect(text).toMatch(/⚖️ [^\n]*Sanksi/);
    expect(text).toContain("bukan nasihat hukum");
    expect([...text].length).toBeLessThanOrEqual(1000);
    expect(reply.status).toBe(200);
    const data = buttons(reply).map((b) => b.data ?? b.url);
    expect(data.some((d) => d?.startsWith("fb:+:"))).toBe(true);
    expect(buttons(reply).some((b) => b.url?.endsWith("?start=lapor"))).toBe(true);
  });

  it("understands informal spelling", async () => {
    const reply = await h.ask(h.user(3), "pns blh ngelike status cabup ga?");
    expect(reply.payload.text).toContain("❌ Tidak boleh");
  });

  it("refuses an off-topic question instead of guessing", async () => {
    const reply = await h.ask(h.user(4), "cara bikin paspor");
    expect(reply.payload.text).toContain("hanya menjawab pertanyaan seputar netralitas");
  });

  it("opens a related question from its button", async () => {
    const answer = await h.ask(h.user(5), "Boleh foto bareng calon?");
    const related = buttons(answer).find((b) => b.data?.startsWith("q:"));
    expect(related).toBeDefined();
    const reply = await h.click(h.user(5), related!.data!);
    expect(reply.status).toBe(200);
    expect(reply.payload.text).toContain("📜");
  });

  it("counts feedback per entry", async () => {
    const answer = await h.ask(h.user(6), "Apa sanksinya kalau ASN tidak netral?");
    const up = buttons(answer).find((b) => b.data?.startsWith("fb:+:"))!;
    await h.click(h.user(6), up.data!, "answerCallbackQuery");
    const id = up.data!.slice("fb:+:".length);
    expect((await h.app.deps.store.records<{ up: number }>("feedback").get(id))?.up).toBe(1);
  });

  it("escapes user text and stays valid HTML even for hostile input", async () => {
    const reply = await h.ask(h.user(7), "<b>boleh</b> & <script> like paslon?");
    expect(reply.status).toBe(200);
  });

  it("answers a stale or forged button without crashing", async () => {
    const before = h.press(h.user(8), "q:tidak-ada-entri-ini");
    const ack = await h.next(before, "answerCallbackQuery");
    expect(ack.payload.text).toContain("tidak tersedia");
    const before2 = h.press(h.user(8), "xx:forged");
    const ack2 = await h.next(before2, "answerCallbackQuery");
    expect(ack2.payload.text).toContain("tidak berlaku");
  });

  it("answers a long story instead of refusing it for its length", async () => {
    const story =
      "Assalamualaikum min, mau nanya dong. Jadi gini, minggu lalu di kantor kami ada rapat koordinasi biasa soal program kerja tahun depan, lalu setelah rapat banyak teman yang ngobrol soal pilkada dan siapa yang bakal menang. " +
      "Saya sendiri tidak ikut ngobrol, saya cuma dengar saja sambil beresin berkas. Nah, sore harinya ada teman satu bidang yang kirim ajakan untuk datang ke kampanye akbar salah satu paslon bupati di lapangan kota hari Minggu. " +
      "Katanya tidak usah pakai kaos atau atribut apa pun, cukup datang dan dengar visi misi saja biar tahu programnya. Pertanyaan saya, apakah saya sebagai PNS boleh datang ke kampanye itu tanpa atribut?";
    expect(story.length).toBeGreaterThan(500);
    const reply = await h.ask(h.user(9), story);
    expect(reply.payload.text).toContain("⚠️ Bersyarat");
  });

  it("answers stickers and unknown commands politely", async () => {
    const before = h.sendMessage(h.user(10), { sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } });
    expect((await h.next(before, "sendMessage", 10)).payload.text).toContain("hanya memahami pesan teks");
    expect((await h.ask(h.user(10), "/entahapa")).payload.text).toContain("tidak saya kenal");
  });

  it("in groups answers only when mentioned, replied to, or asked with /tanya", async () => {
    const group = { id: -100500, type: "supergroup", title: "Dinas" };
    const user = h.user(11);
    h.send(user, "boleh like postingan paslon?", group);
    await h.idle();
    expect(h.fake.callsOf("sendMessage", group.id)).toHaveLength(0);
    const viaCommand = await h.ask(user, "/tanya boleh like postingan paslon?", group);
    expect(viaCommand.payload.text).toContain("Tidak boleh");
    const viaMention = await h.ask(user, "@asn_netral_bot boleh foto bareng calon?", group);
    expect(viaMention.payload.text).toContain("📜");
    expect(viaMention.payload.reply_parameters?.message_id).toBeTypeOf("number");
  });

  it("ignores edited messages", async () => {
    const before = h.fake.calls.length;
    h.fake.push({ edited_message: { message_id: 1, date: 0, edit_date: 1, chat: { id: 16, type: "private" }, from: h.user(16), text: "boleh like paslon?" } });
    await h.idle();
    expect(h.fake.calls.slice(before).filter((c) => c.payload.chat_id === 16)).toHaveLength(0);
  });

  it("keeps working after a Bot API error on one update", async () => {
    h.fake.failures.push({ method: "sendMessage", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" } });
    h.send(h.user(12), "boleh like paslon?");
    await h.idle();
    const reply = await h.ask(h.user(12), "boleh like paslon?");
    expect(reply.status).toBe(200);
  });

  it("retries after a 429 with retry_after", async () => {
    h.fake.failures.push({ method: "sendMessage", status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } } });
    const reply = await h.ask(h.user(13), "boleh like paslon?");
    expect(reply.status).toBe(200);
  });

  it("answers inline queries with cited articles", async () => {
    const before = h.fake.calls.length;
    h.fake.push({ inline_query: { id: "iq1", from: h.user(14), query: "boleh like postingan paslon", offset: "" } });
    const call = await h.next(before, "answerInlineQuery");
    expect(call.payload.results.length).toBeGreaterThan(0);
    expect(call.payload.results[0].input_message_content.message_text).toContain("📜");
  });

  it("remembers feedback across a restart", async () => {
    const before = await h.app.deps.store.records<{ up: number }>("feedback").list();
    await h.restart();
    expect(await h.app.deps.store.records<{ up: number }>("feedback").list()).toEqual(before);
    const reply = await h.ask(h.user(15), "/bantuan");
    expect(reply.payload.text).toContain("ASN Netral");
  });
});

describe("knowledge admin commands and regional answers", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { ADMIN_IDS: "500" } });
  });
  afterAll(() => h.stop());

  it("keeps unanswered questions without the asker and shows them to admins only", async () => {
    await h.ask(h.user(501, "Penanya Rahasia", "penanya_x"), "cara bikin paspor online");
    const list = await h.ask(h.user(500), "/belumterjawab");
    expect(list.payload.text).toContain("cara bikin paspor online");
    const stored = JSON.stringify(await h.app.deps.store.records("unanswered").list());
    expect(stored).not.toContain("501");
    expect(stored).not.toContain("Penanya");
    expect((await h.ask(h.user(501), "/belumterjawab")).payload.text).toContain("hanya untuk admin");
  });

  it("shows feedback per entry to admins", async () => {
    const answer = await h.ask(h.user(502), "boleh like postingan paslon?");
    const down = buttons(answer).find((b) => b.data?.startsWith("fb:-:"))!;
    await h.click(h.user(502), down.data!, "answerCallbackQuery");
    expect((await h.ask(h.user(500), "/masukan")).payload.text).toContain("👎 1");
  });

  it("mentions the asker's regional rule when a national entry answers", async () => {
    const region = h.app.deps.knowledge.regions.find((r) => r.id === "lombok-timur") ?? h.app.deps.knowledge.regions[0]!;
    await h.app.deps.store.records("chats").set("503", { region: region.id });
    const reply = await h.ask(h.user(503), "PNS boleh like postingan paslon gak?");
    const more = buttons(reply).find((b) => b.data?.startsWith("more:"))!;
    expect((await h.click(h.user(503), more.data!)).payload.text).toContain("📍");
  });
});
