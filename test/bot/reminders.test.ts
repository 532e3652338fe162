import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botMembership, callsTo, registerGroups } from "../support/groups.ts";
import { buttons, Harness, TestClock } from "../support/harness.ts";

const ELECTION = { ELECTION_DATE: "2026-11-27" };
const isReminder = (key: string) => (c: { payload: Record<string, any> }) => String(c.payload.text).includes(`Pengingat netralitas ASN · ${key}`);

describe("scheduled reminders in each time zone (end to end through the fake Bot API)", () => {
  let h: Harness;
  const WIB = -201;
  const WIT = -202;
  const subscriber = () => h.user(250);

  beforeAll(async () => {
    h = await Harness.start({ env: ELECTION, clock: new TestClock(new Date("2026-11-19T12:00:00Z")) });
    await registerGroups(h, [WIB]);
    await registerGroups(h, [WIT], { province: "Papua", timezone: "WIT" });
  });
  afterAll(() => h.stop());

  it("logs the voting day at start-up, in Indonesian", () => {
    expect(h.logs.some((line) => line.includes("Pengingat untuk pemungutan suara 27 November 2026"))).toBe(true);
  });

  it("lets a private user subscribe with /pengingat and pick a province (its time zone)", async () => {
    const view = await h.ask(subscriber(), "/pengingat");
    expect(view.payload.text).toContain("tidak aktif");
    const on = await h.next(h.press(subscriber(), buttons(view).find((b) => b.text.includes("Aktifkan"))!.data!), "editMessageText");
    expect(on.payload.text).toContain("Pengingat: <b>aktif</b>");
    const ntt = await h.ask(subscriber(), "/pengingat NTT");
    expect(ntt.payload.text).toContain("Nusa Tenggara Timur");
    expect(ntt.payload.text).toContain("Pengingat berikutnya: H-7, Jumat, 20 November 2026 pukul 09.00 WITA");
    expect(await h.app.deps.chats.get(250)).toMatchObject({ type: "private", active: true, reminders: true, timezone: "WITA", province: "Nusa Tenggara Timur" });
    const unknown = await h.ask(subscriber(), "/pengingat planet mars");
    expect(unknown.payload.text).toContain("bukan pilihan");
  });

  it("sends H-7 at 09:00 local time: 00:00 UTC in WIT, 01:00 in WITA, 02:00 in WIB — once", async () => {
    h.clock.set("2026-11-20T00:00:00Z");
    await h.app.deps.reminders.tick();
    const wit = callsTo(h, WIT).filter(isReminder("H-7"));
    expect(wit).toHaveLength(1);
    expect(wit[0]!.status).toBe(200);
    expect(wit[0]!.payload.text).toContain("tinggal 7 hari lagi, yaitu 27 November 2026");
    expect(buttons(wit[0]!).map((b) => b.data ?? b.url)).toEqual(["contoh", "https://t.me/asn_netral_bot?start=lapor"]);
    expect(callsTo(h, WIB).filter(isReminder("H-7"))).toHaveLength(0);
    expect(callsTo(h, 250).filter(isReminder("H-7"))).toHaveLength(0);

    h.clock.set("2026-11-20T01:00:00Z");
    await h.app.deps.reminders.tick();
    expect(callsTo(h, 250).filter(isReminder("H-7"))).toHaveLength(1);
    expect(callsTo(h, WIB).filter(isReminder("H-7"))).toHaveLength(0);

    h.clock.set("2026-11-20T02:00:00Z");
    await h.app.deps.reminders.tick();
    await h.app.deps.reminders.tick();
    for (const chat of [WIB, WIT, 250]) expect(callsTo(h, chat).filter(isReminder("H-7"))).toHaveLength(1);
  });

  it("leaves out a group with reminders off and a subscriber who switched them off", async () => {
    await registerGroups(h, [-203]);
    await h.app.deps.chats.update(-203, { reminders: false });
    await h.ask(subscriber(), "/pengingat mati");
    h.clock.set("2026-11-24T00:00:00Z"); // H-3 07:00 WIB
    await h.app.deps.reminders.tick();
    expect(callsTo(h, WIB).filter(isReminder("H-3"))).toHaveLength(1);
    expect(callsTo(h, -203)).toHaveLength(0);
    await h.ask(subscriber(), "/pengingat aktif");
  });

  it("deactivates a subscriber who blocked the bot (403) and sends nothing more there", async () => {
    h.fake.blocked.add(250);
    h.clock.set("2026-11-26T08:00:00Z"); // H-1 16:00 WITA
    await h.app.deps.reminders.tick();
    expect((await h.app.deps.chats.get(250))?.active).toBe(false);
    h.fake.blocked.delete(250);
  });

  it("follows a subscriber blocking and unblocking the bot (my_chat_member in the private chat)", async () => {
    const chat = { id: 250, type: "private" };
    await h.app.deps.chats.register(250, "private");
    botMembership(h, chat, "member", "kicked");
    await h.idle();
    expect((await h.app.deps.chats.get(250))?.active).toBe(false);
    botMembership(h, chat, "kicked", "member");
    await h.idle();
    expect(await h.app.deps.chats.get(250)).toMatchObject({ active: true, reminders: true, timezone: "WITA" });
    botMembership(h, { id: 251, type: "private" }, "kicked", "member");
    await h.idle();
    expect(await h.app.deps.chats.get(251)).toBeUndefined();
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
    h = await Harness.start({ env: ELECTION, clock: new TestClock(new Date("2026-11-23T12:00:00Z")) });
    await registerGroups(h, [WIB]);
    await registerGroups(h, [WIT], { province: "Maluku", timezone: "WIT" });
  });
  afterAll(() => h.stop());

  it("sends a reminder 2 h late at start-up, skips one 4 h late (logged once), and never repeats", async () => {
    // H-3 07:00 WIB = 00:00 UTC (now 2 h late); H-3 07:00 WIT = 22:00 UTC the day before (4 h late).
    h.clock.set("2026-11-24T02:00:00Z");
    const before = h.fake.calls.length;
    await h.restart();
    const late = await h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= before && Number(c.payload.chat_id) === WIB && isReminder("H-3")(c));
    expect(late.status).toBe(200);
    await h.app.deps.reminders.tick();
    expect(callsTo(h, WIT).filter(isReminder("H-3"))).toHaveLength(0);
    const skipped = () => h.logs.filter((l) => l.includes("reminder skipped") && l.includes('"reminder":"h-3"'));
    expect(skipped()).toHaveLength(1);
    expect(skipped()[0]).toContain('"timezone":"WIT"');

    h.clock.set("2026-11-24T02:30:00Z");
    await h.restart();
    await h.app.deps.reminders.tick();
    expect(callsTo(h, WIB).filter(isReminder("H-3"))).toHaveLength(1);
    expect(callsTo(h, WIT).filter(isReminder("H-3"))).toHaveLength(0);
    expect(skipped()).toHaveLength(1);
  });
});
