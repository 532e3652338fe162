import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CALENDAR, knowledgeWithCalendar } from "../support/calendar.ts";
import { registerGroups } from "../support/groups.ts";
import { buttons, Harness, TestClock } from "../support/harness.ts";
import { fromNip, reply, toNip } from "../support/pledge-flow.ts";

const text = (call: { payload: Record<string, any> }) => String(call.payload.text);

describe("/jadwal and date questions, answered from the calendar for the asker's region", () => {
  let h: Harness;
  const SBB = -501;
  const group = { id: SBB, type: "group", title: "ASN SBB" };

  beforeAll(async () => {
    h = await Harness.start({ env: { KNOWLEDGE_DIR: knowledgeWithCalendar(FIXTURE_CALENDAR) }, clock: new TestClock(new Date("2026-11-29T03:00:00Z")) });
    registerGroups(h, [SBB], { province: "Maluku", timezone: "WIT" });
    h.app.deps.chats.update(SBB, { kabupaten: "Kabupaten Seram Bagian Barat" });
  });
  afterAll(() => h.stop());

  it("shows a group its national vote and its kabupaten's re-vote: phases, dates, days left, sources", async () => {
    const answer = text(await h.ask(h.user(510), "/jadwal", group));
    expect(answer).toContain("Kabupaten Seram Bagian Barat, Maluku");
    expect(answer).toContain("<b>Pemilu Uji 2027</b>");
    expect(answer).toContain("Pendaftaran pasangan calon: <b>1–3 Desember 2026</b> — <i>2 hari lagi</i>");
    expect(answer).toContain("Masa tenang: <b>14–16 Februari 2027</b> — <i>77 hari lagi</i>");
    expect(answer).toContain("Pemungutan suara: <b>17 Februari 2027</b> — <i>80 hari lagi</i>");
    expect(answer).toContain("<b>PSU Seram Bagian Barat Uji 2027</b>");
    expect(answer).toContain("Sumber: PKPU 2/2024");
    expect(answer).not.toContain("Pilgub NTT");
  });

  it("asks a private user with no known region for a province (picker) and remembers it", async () => {
    const user = h.user(511);
    const first = await h.ask(user, "/jadwal");
    expect(text(first)).toContain("Pemilu Uji 2027");
    expect(text(first)).not.toContain("Pilgub NTT");
    expect(text(first)).toContain("Wilayah Anda belum saya ketahui");
    const page = await h.next(h.press(user, buttons(first)[0]!.data!), "editMessageText", user.id);
    expect(buttons(page).some((b) => b.text === "Berikutnya ›")).toBe(true);
    const page2 = await h.next(h.press(user, "jdw:pg:2"), "editMessageText", user.id); // NTT is on the third page
    const shown = await h.next(h.press(user, buttons(page2).find((b) => b.text.startsWith("Nusa Tenggara Timur"))!.data!), "editMessageText", user.id);
    expect(text(shown)).toContain("Provinsi Nusa Tenggara Timur");
    expect(text(shown)).toContain("Pilgub NTT Uji 2027");
    expect(text(await h.ask(user, "/jadwal"))).toContain("Pilgub NTT Uji 2027");
    expect(text(await h.ask(user, "/jadwal Atlantis"))).toContain("tidak saya kenal");
  });

  it("answers 'kapan masa tenang?' and 'kapan pemungutan suara berikutnya?' from the calendar", async () => {
    const user = h.user(512);
    const quiet = text(await h.ask(user, "kapan masa tenang?"));
    expect(quiet).toContain("Masa tenang: <b>14–16 Februari 2027</b>");
    expect(quiet).not.toContain("Masa kampanye");
    expect(quiet).toContain("⏳ Pemungutan suara <b>80 hari lagi</b>.");
    const next = text(await h.ask(user, "kapan pemungutan suara berikutnya?"));
    expect(next).toContain("Pemungutan suara: <b>17 Februari 2027</b> — <i>80 hari lagi</i>");
    const history = text(await h.ask(user, "kapan masa tenang pilkada 2024?"));
    expect(history).toContain("Kalender saya tidak memuat pemungutan suara tahun 2024");
  });

  it("answers a date question in a group only when addressed, threaded under it, for the group's region", async () => {
    const before = h.send(h.user(513), "@asn_netral_bot kapan pencoblosan?", group);
    const answer = await h.next(before, "sendMessage", SBB);
    expect(text(answer)).toContain("PSU Seram Bagian Barat Uji 2027");
    expect(answer.payload.reply_parameters?.message_id).toBeDefined();
    const tanya = text(await h.ask(h.user(513), "/tanya kapan masa tenang", group));
    expect(tanya).toContain("Masa tenang: <b>17–19 Februari 2027</b>");
  });

  it("leaves questions about conduct to the knowledge base", async () => {
    const answer = text(await h.ask(h.user(514), "apa yang dilarang saat masa tenang?"));
    expect(answer).not.toContain("🗳");
  });

  it("uses the pledge's region for /jadwal and for a new reminder subscription", async () => {
    const user = h.user(516);
    await toNip(h, user);
    await fromNip(h, user, "198503302010012003"); // pledged in Lembata, Nusa Tenggara Timur
    expect(text(await h.ask(user, "/jadwal"))).toContain("Pilgub NTT Uji 2027");
    const on = text(await h.ask(user, "/pengingat aktif"));
    expect(on).toContain("untuk daerah ikrar Anda (Nusa Tenggara Timur, WITA)");
    expect(on).toContain("Pengingat berikutnya: H-7 Pemilu Uji 2027, Rabu, 10 Februari 2027 pukul 09.00 WITA");
    expect(h.app.deps.chats.get(516)).toMatchObject({ province: "Nusa Tenggara Timur", timezone: "WITA", reminders: true });
  });

  it("names the upcoming vote in the pledge text", async () => {
    const user = h.user(515);
    const before = h.send(user, "/ikrar");
    expect(text(await reply(h, user, before, "Ikrar Netralitas"))).toContain("Ikrar Netralitas Pegawai Aparatur Sipil Negara pada Pemilu Uji 2027");
  });
});

describe("with no vote ahead (the shipped calendar)", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ clock: new TestClock(new Date("2026-11-29T03:00:00Z")) });
  });
  afterAll(() => h.stop());

  it("says plainly there is no next vote, with the last one as history", async () => {
    const jadwal = text(await h.ask(h.user(520), "/jadwal"));
    expect(jadwal).toContain("Belum ada jadwal pemungutan suara berikutnya di kalender.");
    expect(jadwal).toContain("Yang terakhir: Pilkada Serentak 2024, pemungutan suara 27 November 2024.");
    const next = text(await h.ask(h.user(520), "kapan pemungutan suara berikutnya?"));
    expect(next).toContain("Belum ada jadwal pemungutan suara berikutnya di kalender.");
    expect(next).toContain("Pemungutan suara: <b>27 November 2024</b>");
    expect(next).not.toContain("hari lagi");
  });

  it("answers dates of a past vote when the year is named", async () => {
    const answer = text(await h.ask(h.user(521), "kapan masa tenang pilkada 2024?"));
    expect(answer).toContain("Masa tenang: <b>24–26 November 2024</b>");
    expect(answer).toContain("Masa tenang: <b>11–13 Februari 2024</b>"); // Pemilu 2024 too: both were in 2024
    expect(answer).toContain("Sumber: PKPU 2/2024");
  });

  it("words the pledge neutrally, naming no past year as if it were now", async () => {
    const user = h.user(522);
    const before = h.send(user, "/ikrar");
    const intro = text(await reply(h, user, before, "Ikrar Netralitas"));
    expect(intro).toContain("Ikrar Netralitas Pegawai Aparatur Sipil Negara pada Pemilu dan Pemilihan</b>");
    expect(intro).not.toContain("2024");
    expect(intro).not.toContain("{pemilihan}");
  });
});
