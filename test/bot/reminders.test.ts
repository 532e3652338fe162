import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CALENDAR, knowledgeWithCalendar } from "../support/calendar.ts";
import { botMembership, callsTo, registerGroups } from "../support/groups.ts";
import { buttons, Harness, TestClock } from "../support/harness.ts";

const isReminder = (label: string, vote?: string) => (c: { payload: Record<string, any> }) =>
  String(c.payload.text).includes(`Pengingat netralitas ASN · ${label}</b>`) && (vote === undefined || String(c.payload.text).includes(vote));
const reminders = (h: Harness, chatId: number) => callsTo(h, chatId).filter((c) => String(c.payload.text).includes("Pengingat netralitas ASN"));

describe("reminders follow the calendar: national, provincial and kabupaten votes (end to end through the fake Bot API)", () => {
  let h: Harness;
  const WIB = -201; // no province: national votes only
  const NTT = -202; // Nusa Tenggara Timur (WITA): national + the governor vote
  const SBB = -203; // Kabupaten Seram Bagian Barat, Maluku (WIT): national + the re-vote
  const MALUKU = -204; // Maluku, no kabupaten: national only
  const subscriber = () => h.user(250);

  beforeAll(async () => {
    h = await Harness.start({ env: { KNOWLEDGE_DIR: knowledgeWithCalendar(FIXTURE_CALENDAR) }, clock: new TestClock(new Date("2027-02-09T12:00:00Z")) });
    registerGroups(h, [WIB]);
    registerGroups(h, [NTT], { province: "Nusa Tenggara Timur", timezone: "WITA" });
    registerGroups(h, [SBB], { province: "Maluku", timezone: "WIT" });
    h.app.deps.chats.update(SBB, { kabupaten: "Kabupaten Seram Bagian Barat" });
    registerGroups(h, [MALUKU], { province: "Maluku", timezone: "WIT" });
  });
  afterAll(() => h.stop());

  it("logs the votes it schedules reminders for at start-up, in Indonesian", () => {
    const line = h.logs.find((l) => l.includes("Pengingat dijadwalkan untuk 3 pemungutan suara"));
    expect(line).toContain("Pemilu Uji 2027 (17 Februari 2027, seluruh Indonesia)");
    expect(line).toContain("PSU Seram Bagian Barat Uji 2027 (20 Februari 2027, Kabupaten Seram Bagian Barat (Maluku))");
  });

  it("lets a private user subscribe with /pengingat and pick a province (its zone and its regional votes)", async () => {
    const view = await h.ask(subscriber(), "/pengingat");
    expect(view.payload.text).toContain("tidak aktif");
    const on = await h.next(h.press(subscriber(), buttons(view).find((b) => b.text.includes("Aktifkan"))!.data!), "editMessageText");
    expect(on.payload.text).toContain("Pengingat: <b>aktif</b>");
    const ntt = await h.ask(subscriber(), "/pengingat NTT");
    expect(ntt.payload.text).toContain("Nusa Tenggara Timur");
    expect(ntt.payload.text).toContain("Pengingat berikutnya: H-7 Pemilu Uji 2027, Rabu, 10 Februari 2027 pukul 09.00 WITA");
    expect(h.app.deps.chats.get(250)).toMatchObject({ type: "private", active: true, reminders: true, timezone: "WITA", province: "Nusa Tenggara Timur" });
    const unknown = await h.ask(subscriber(), "/pengingat planet mars");
    expect(unknown.payload.text).toContain("bukan pilihan");
  });

  it("sends the national H-7 at 09:00 local time to everyone: 00:00 UTC in WIT, 01:00 in WITA, 02:00 in WIB — once", async () => {
    h.clock.set("2027-02-10T00:00:00Z");
    await h.app.deps.reminders.tick();
    for (const chat of [SBB, MALUKU]) expect(reminders(h, chat).filter(isReminder("H-7", "Pemilu Uji 2027"))).toHaveLength(1);
    const sent = reminders(h, SBB)[0]!;
    expect(sent.status).toBe(200);
    expect(sent.payload.text).toContain("Pemilu Uji 2027 tinggal 7 hari lagi, yaitu 17 Februari 2027");
    expect(buttons(sent).map((b) => b.data ?? b.url)).toEqual(["contoh", "https://t.me/asn_netral_bot?start=lapor"]);
    for (const chat of [NTT, 250, WIB]) expect(reminders(h, chat)).toHaveLength(0);

    h.clock.set("2027-02-10T01:00:00Z");
    await h.app.deps.reminders.tick();
    for (const chat of [NTT, 250]) expect(reminders(h, chat).filter(isReminder("H-7"))).toHaveLength(1);
    expect(reminders(h, WIB)).toHaveLength(0);

    h.clock.set("2027-02-10T02:00:00Z");
    await h.app.deps.reminders.tick();
    await h.app.deps.reminders.tick();
    for (const chat of [WIB, NTT, SBB, MALUKU, 250]) expect(reminders(h, chat).filter(isReminder("H-7"))).toHaveLength(1);
  });

  it("sends a kabupaten re-vote's reminder only in that kabupaten", async () => {
    h.clock.set("2027-02-13T00:00:00Z"); // the re-vote's H-7, 09:00 WIT
    await h.app.deps.reminders.tick();
    expect(reminders(h, SBB).filter(isReminder("H-7", "PSU Seram Bagian Barat Uji 2027"))).toHaveLength(1);
    for (const chat of [MALUKU, WIB, NTT, 250]) expect(reminders(h, chat).filter(isReminder("H-7", "PSU"))).toHaveLength(0);
  });

  it("sends the quiet-period reminder on the calendar's first quiet day at 07:00 local time", async () => {
    h.clock.set("2027-02-13T22:00:00Z"); // 14 February 07:00 WIT
    await h.app.deps.reminders.tick();
    const quiet = reminders(h, SBB).filter(isReminder("H-3", "Pemilu Uji 2027"));
    expect(quiet).toHaveLength(1);
    expect(quiet[0]!.payload.text).toContain("Mulai hari ini masa tenang; pemungutan suara 17 Februari 2027, tinggal 3 hari lagi.");
    expect(reminders(h, NTT).filter(isReminder("H-3"))).toHaveLength(0);
    h.clock.set("2027-02-14T00:00:00Z"); // 07:00 WIB
    await h.app.deps.reminders.tick();
    for (const chat of [WIB, NTT, MALUKU, 250]) expect(reminders(h, chat).filter(isReminder("H-3"))).toHaveLength(1);
  });

  it("never gives one chat two reminders on one day: the national voting day beats the re-vote's first quiet day", async () => {
    for (const at of ["2027-02-16T09:00:00Z", "2027-02-16T21:00:00Z", "2027-02-16T22:00:00Z", "2027-02-16T23:00:00Z", "2027-02-17T01:00:00Z"]) {
      h.clock.set(at);
      await h.app.deps.reminders.tick();
    }
    const onVotingDay = (chat: number) => reminders(h, chat).filter((c) => isReminder("Hari H")(c) || isReminder("H-3", "PSU")(c));
    expect(onVotingDay(SBB).map((c) => isReminder("Hari H", "Pemilu Uji 2027")(c))).toEqual([true]);
    for (const chat of [WIB, NTT, MALUKU, 250]) expect(onVotingDay(chat)).toHaveLength(1);
  });

  it("leaves out a group with reminders off and a subscriber who switched them off", async () => {
    h.app.deps.chats.update(NTT, { reminders: false });
    await h.ask(subscriber(), "/pengingat mati");
    h.clock.set("2027-02-18T03:00:00Z"); // H+1 10:00 WIB (WITA an hour, WIT two hours ago)
    await h.app.deps.reminders.tick();
    for (const chat of [WIB, SBB, MALUKU]) expect(reminders(h, chat).filter(isReminder("H+1", "Pemilu Uji 2027"))).toHaveLength(1);
    for (const chat of [NTT, 250]) expect(reminders(h, chat).filter(isReminder("H+1"))).toHaveLength(0);
    h.app.deps.chats.update(NTT, { reminders: true });
    await h.ask(subscriber(), "/pengingat aktif");
  });

  it("sends the re-vote's own voting day in its kabupaten", async () => {
    h.clock.set("2027-02-19T21:00:00Z"); // 20 February 06:00 WIT
    await h.app.deps.reminders.tick();
    expect(reminders(h, SBB).filter(isReminder("Hari H", "PSU Seram Bagian Barat Uji 2027"))).toHaveLength(1);
    expect(reminders(h, MALUKU).filter(isReminder("Hari H", "PSU"))).toHaveLength(0);
  });

  it("sends a provincial vote's reminders to that province only, at its local hour", async () => {
    h.clock.set("2027-03-03T01:00:00Z"); // 3 March 09:00 WITA: the governor vote's H-7
    await h.app.deps.reminders.tick();
    for (const chat of [NTT, 250]) expect(reminders(h, chat).filter(isReminder("H-7", "Pilgub NTT Uji 2027"))).toHaveLength(1);
    for (const chat of [WIB, SBB, MALUKU]) expect(reminders(h, chat).filter(isReminder("H-7", "Pilgub"))).toHaveLength(0);
  });

  it("deactivates a subscriber who blocked the bot (403) and sends nothing more there", async () => {
    h.fake.blocked.add(250);
    h.clock.set("2027-03-06T23:00:00Z"); // 7 March 07:00 WITA: the governor vote's first quiet day
    await h.app.deps.reminders.tick();
    expect(reminders(h, NTT).filter(isReminder("H-3", "Pilgub NTT Uji 2027"))).toHaveLength(1);
    expect(h.app.deps.chats.get(250)?.active).toBe(false);
    h.fake.blocked.delete(250);
  });

  it("repeats nothing after a restart: the ledger is on disk", async () => {
    const before = h.fake.calls.length;
    await h.restart();
    await h.app.deps.reminders.tick();
    expect(h.fake.calls.slice(before).filter((c) => String(c.payload.text ?? "").includes("Pengingat netralitas ASN"))).toHaveLength(0);
  });

  it("follows a subscriber blocking and unblocking the bot (my_chat_member in the private chat)", async () => {
    const chat = { id: 250, type: "private" };
    h.app.deps.chats.register(250, "private");
    botMembership(h, chat, "member", "kicked");
    await h.idle();
    expect(h.app.deps.chats.get(250)?.active).toBe(false);
    botMembership(h, chat, "kicked", "member");
    await h.idle();
    expect(h.app.deps.chats.get(250)).toMatchObject({ active: true, reminders: true, timezone: "WITA" });
    botMembership(h, { id: 251, type: "private" }, "kicked", "member");
    await h.idle();
    expect(h.app.deps.chats.get(251)).toBeUndefined();
  });

  it("redirects /pengingat in a group to the private chat", async () => {
    const reply = await h.ask(h.user(251), "/pengingat", { id: WIB, type: "group", title: "Grup" });
    expect(buttons(reply)[0]?.url).toContain("?start=pengingat");
  });
});

describe("reminders missed while the bot was down", () => {
  let h: Harness;
  const WIB = -301;
  const WIT = -302;

  beforeAll(async () => {
    h = await Harness.start({ env: { KNOWLEDGE_DIR: knowledgeWithCalendar(FIXTURE_CALENDAR) }, clock: new TestClock(new Date("2027-02-13T12:00:00Z")) });
    registerGroups(h, [WIB]);
    registerGroups(h, [WIT], { province: "Maluku", timezone: "WIT" });
  });
  afterAll(() => h.stop());

  it("sends a reminder 2 h late at start-up, skips one 4 h late (logged once), and never repeats", async () => {
    // First quiet day 07:00 WIB = 00:00 UTC (now 2 h late); 07:00 WIT = 22:00 UTC the day before (4 h late).
    h.clock.set("2027-02-14T02:00:00Z");
    const before = h.fake.calls.length;
    await h.restart();
    const late = await h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= before && Number(c.payload.chat_id) === WIB && isReminder("H-3")(c));
    expect(late.status).toBe(200);
    await h.app.deps.reminders.tick();
    expect(reminders(h, WIT).filter(isReminder("H-3"))).toHaveLength(0);
    const skipped = () => h.logs.filter((l) => l.includes("reminder skipped") && l.includes('"reminder":"pemilu-uji/masa-tenang"'));
    expect(skipped()).toHaveLength(1);
    expect(skipped()[0]).toContain('"timezone":"WIT"');

    h.clock.set("2027-02-14T02:30:00Z");
    await h.restart();
    await h.app.deps.reminders.tick();
    expect(reminders(h, WIB).filter(isReminder("H-3"))).toHaveLength(1);
    expect(reminders(h, WIT).filter(isReminder("H-3"))).toHaveLength(0);
    expect(skipped()).toHaveLength(1);
  });
});

describe("no vote ahead in the calendar", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ clock: new TestClock(new Date("2026-11-29T03:00:00Z")) });
    registerGroups(h, [-401]);
  });
  afterAll(() => h.stop());

  it("schedules nothing with the shipped calendar (2024 is history) and says how to add a vote", async () => {
    expect(h.app.deps.reminders.plan).toEqual([]);
    const line = h.logs.find((l) => l.includes("belum ada jadwal pemungutan suara berikutnya di kalender"));
    expect(line).toContain("knowledge/kalender.yaml");
    expect(line).toContain("npm run kb:check");
    for (const at of ["2026-11-30T02:00:00Z", "2027-11-20T02:00:00Z", "2027-11-27T00:00:00Z"]) {
      h.clock.set(at);
      await h.app.deps.reminders.tick();
    }
    expect(reminders(h, -401)).toHaveLength(0);
  });

  it("schedules nothing with an empty calendar either", async () => {
    const empty = await Harness.start({ env: { KNOWLEDGE_DIR: knowledgeWithCalendar("[]\n") }, fake: h.fake, clock: new TestClock(new Date("2027-02-10T02:00:00Z")) });
    expect(empty.app.deps.reminders.plan).toEqual([]);
    expect(empty.logs.some((l) => l.includes("belum ada jadwal pemungutan suara berikutnya di kalender"))).toBe(true);
    await empty.stop();
  });

  it("shows the settings screen without a next reminder, saying no vote is planned", async () => {
    const view = await h.ask(h.user(260), "/pengingat aktif");
    expect(view.payload.text).toContain("Pemungutan suara berikutnya: belum ada jadwal pemungutan suara berikutnya di kalender");
    expect(view.payload.text).not.toContain("Pengingat berikutnya");
  });
});
