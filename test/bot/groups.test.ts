import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addBot, botMembership, callsTo, groupChat } from "../support/groups.ts";
import { buttons, Harness } from "../support/harness.ts";
import { FIXTURE_CALENDAR, knowledgeWithCalendar } from "../support/calendar.ts";

describe("groups: registration and /pengaturan (end to end through the fake Bot API)", () => {
  let h: Harness;
  const admin = () => h.user(700, "Admin");
  const member = () => h.user(701, "Anggota");
  const chats = () => h.app.deps.chats;

  /** A registered group whose admin is user 700. */
  async function adminGroup(id: number) {
    const chat = groupChat(id);
    h.fake.admins.set(id, new Set([700]));
    addBot(h, chat);
    await h.next(0, "sendMessage", id);
    return chat;
  }

  beforeAll(async () => {
    // The fixture calendar's first vote is in 2027: no reminder is due while these specs run.
    h = await Harness.start({ env: { KNOWLEDGE_DIR: knowledgeWithCalendar(FIXTURE_CALENDAR) } });
  });
  afterAll(() => h.stop());

  it("registers a group when the bot is added and greets it with one message", async () => {
    const chat = groupChat(-101, "Grup BKPSDM Lembata");
    const before = addBot(h, chat);
    const greeting = await h.next(before, "sendMessage", -101);
    const text = greeting.payload.text as string;
    expect(greeting.status).toBe(200);
    expect(text).toContain("H-7 pukul 09.00");
    expect(text).toContain("Pemilu Uji 2027, pemungutan suara 17 Februari 2027");
    expect(text).toContain("/jadwal");
    expect(text).toContain("/pengaturan");
    expect(chats().get(-101)).toMatchObject({ type: "group", title: "Grup BKPSDM Lembata", active: true, timezone: "WIB", reminders: true });

    // Promoted to admin: still one greeting.
    botMembership(h, chat, "member", "administrator");
    await h.idle();
    expect(callsTo(h, -101)).toHaveLength(1);
  });

  it("deactivates the group when the bot is removed or kicked, and keeps its settings for a re-add", async () => {
    const chat = await adminGroup(-102);
    chats().update(-102, { province: "Maluku", timezone: "WIT" });
    botMembership(h, chat, "member", "left");
    await h.idle();
    expect(chats().get(-102)?.active).toBe(false);
    addBot(h, chat);
    await h.idle();
    expect(chats().get(-102)).toMatchObject({ active: true, timezone: "WIT", province: "Maluku" });
    botMembership(h, chat, "member", "kicked");
    await h.idle();
    expect(chats().get(-102)?.active).toBe(false);
  });

  it("refuses /pengaturan and its buttons to a member who is not a group admin", async () => {
    const chat = await adminGroup(-103);
    const reply = await h.ask(member(), "/pengaturan", chat);
    expect(reply.payload.text).toContain("hanya admin grup");
    const before = h.press(member(), "cfg:pv:maluku", 1, chat);
    const ack = await h.next(before, "answerCallbackQuery");
    expect(ack.payload.text).toContain("hanya admin grup");
    expect(ack.payload.show_alert).toBe(true);
    expect(chats().get(-103)?.province).toBeUndefined();
  });

  it("lets an admin choose the province from paged buttons, which sets the time zone", async () => {
    const chat = await adminGroup(-104);
    const settings = await h.ask(admin(), "/pengaturan", chat);
    expect(settings.payload.text).toContain("Zona waktu: <b>WIB</b>");
    expect(settings.payload.text).toContain("Pengingat: <b>aktif</b>");
    const first = buttons(settings).find((b) => b.text.includes("Provinsi"))!;

    const page0 = await h.next(h.press(admin(), first.data!, 1, chat), "editMessageText");
    expect(buttons(page0).map((b) => b.text)).toContain("Aceh (WIB)");
    const nextPage = buttons(page0).find((b) => b.text.startsWith("Berikutnya"))!;
    let page = await h.next(h.press(admin(), nextPage.data!, 1, chat), "editMessageText");
    while (!buttons(page).some((b) => b.text === "Maluku (WIT)")) {
      const more = buttons(page).find((b) => b.text.startsWith("Berikutnya"))!;
      page = await h.next(h.press(admin(), more.data!, 1, chat), "editMessageText");
    }
    expect(page.status).toBe(200);
    const maluku = buttons(page).find((b) => b.text === "Maluku (WIT)")!;
    const done = await h.next(h.press(admin(), maluku.data!, 1, chat), "editMessageText");
    expect(done.payload.text).toContain("Maluku");
    expect(done.payload.text).toContain("WIT");
    expect(chats().get(-104)).toMatchObject({ province: "Maluku", timezone: "WIT" });
  });

  it("takes the kabupaten typed after the command or as a reply to the bot's prompt, matching a seed region", async () => {
    const chat = await adminGroup(-105);
    const typed = await h.ask(admin(), "/pengaturan kabupaten lembata", chat);
    expect(typed.payload.text).toContain("Nusa Tenggara Timur");
    expect(chats().get(-105)).toMatchObject({ kabupaten: expect.stringMatching(/^lembata$/i), region: "lembata", province: "Nusa Tenggara Timur", timezone: "WITA" });

    const asked = await h.next(h.press(admin(), "cfg:kab", 1, chat), "sendMessage", -105);
    expect(asked.payload.reply_markup.force_reply).toBe(true);
    await h.idle();
    const prompt = chats().get(-105)!.kabupatenPrompt!;
    const reply = { reply_to_message: { message_id: prompt, date: 0, chat, from: h.fake.botInfo, text: "Balas pesan ini" } };

    // A member's reply to the prompt changes nothing.
    const refused = h.send(member(), "Kota Jakarta", chat, reply);
    expect((await h.next(refused, "sendMessage", -105)).payload.text).toContain("hanya admin grup");

    const bad = h.send(admin(), "<script>", chat, reply);
    expect((await h.next(bad, "sendMessage", -105)).payload.text).toContain("hanya boleh berisi huruf");

    const ok = h.send(admin(), "Kota Kupang", chat, reply);
    const saved = await h.next(ok, "sendMessage", -105);
    expect(saved.payload.text).toContain("Kota Kupang");
    expect(chats().get(-105)).toMatchObject({ kabupaten: "Kota Kupang", province: "Nusa Tenggara Timur", timezone: "WITA" });
    expect(chats().get(-105)?.region).toBeUndefined();
  });

  it("switches reminders off and on with the buttons and the typed form", async () => {
    const chat = await adminGroup(-106);
    const off = await h.next(h.press(admin(), "cfg:rem:off", 1, chat), "editMessageText");
    expect(off.payload.text).toContain("Pengingat: <b>tidak aktif</b>");
    expect(chats().get(-106)?.reminders).toBe(false);
    const on = await h.ask(admin(), "/pengaturan pengingat aktif", chat);
    expect(on.payload.text).toContain("Pengingat diaktifkan");
    expect(chats().get(-106)?.reminders).toBe(true);
    const unknown = await h.ask(admin(), "/pengaturan warna biru", chat);
    expect(unknown.payload.text).toContain("/pengaturan provinsi");
  });

  it("follows a group upgraded to a supergroup (service message)", async () => {
    const chat = await adminGroup(-107);
    chats().update(-107, { province: "Bali", timezone: "WITA" });
    h.sendMessage(admin(), { migrate_to_chat_id: -1000107 }, chat);
    await h.idle();
    expect(chats().get(-1000107)).toMatchObject({ type: "supergroup", active: true, province: "Bali", timezone: "WITA" });
    expect(chats().get(-107)).toMatchObject({ active: false, migratedTo: -1000107 });
  });

  it("moves the registration and repeats the send when Telegram answers 400 with migrate_to_chat_id", async () => {
    const chat = await adminGroup(-108);
    h.fake.migrated.set(-108, -1000108);
    const before = h.send(admin(), "/pengaturan", chat);
    const moved = await h.next(before, "sendMessage", -1000108);
    expect(moved.status).toBe(200);
    expect(h.fake.delivered.get(-1000108)).toBe(1);
    expect(chats().get(-1000108)?.active).toBe(true);
    expect(chats().get(-108)?.migratedTo).toBe(-1000108);
  });

  it("deactivates a group when any send is answered 403", async () => {
    const chat = await adminGroup(-109);
    h.fake.blocked.add(-109);
    const before = h.send(admin(), "/pengaturan", chat);
    await h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= before && c.method === "sendMessage" && c.status === 403);
    await h.idle();
    expect(chats().get(-109)?.active).toBe(false);
  });

  it("explains /pengaturan in a private chat", async () => {
    const reply = await h.ask(h.user(702), "/pengaturan");
    expect(reply.payload.text).toContain("/pengingat");
  });
});
