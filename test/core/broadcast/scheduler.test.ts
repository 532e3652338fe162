import { describe, expect, it } from "vitest";
import { ElectionCalendar } from "../../../src/core/calendar/calendar.ts";
import type { Vote } from "../../../src/core/calendar/vote.ts";
import { ChatRegistry } from "../../../src/core/broadcast/chats.ts";
import type { Outcome } from "../../../src/core/broadcast/ledger.ts";
import { ReminderScheduler } from "../../../src/core/broadcast/scheduler.ts";
import type { ReminderTemplate } from "../../../src/core/knowledge/types.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";
import { memoryLogger, tempStore } from "./support.ts";

const templates: ReminderTemplate[] = [
  { key: "h-7", anchor: "voting", offsetDays: -7, time: "09:00", text: "H-7 {tanggal}" },
  { key: "h-3", anchor: "voting", offsetDays: -3, time: "07:00", text: "H-3 {tanggal}" },
];

/** A national vote on 27 November 2026 (a unit-test vote, not a shipped date). */
const vote = (id: string, day: string, scope: Vote["scope"] = { level: "nasional" }): Vote => ({
  id,
  name: `Uji ${id}`,
  kind: "pemilu",
  scope,
  phases: [{ key: "voting", start: day, end: day, source: { id: "pkpu-2-2024", ref: "uji" } }],
});

async function setup(dir?: string, votes: Vote[] = [vote("uji", "2026-11-27")]) {
  const opened = dir ? { dir, store: await LowdbStore.open(dir) } : await tempStore();
  let current = new Date("2026-11-19T00:00:00Z");
  const now = () => current;
  const chats = new ChatRegistry(opened.store, now);
  const sent: string[] = [];
  const { logger, lines } = memoryLogger();
  const scheduler = new ReminderScheduler({
    calendar: new ElectionCalendar(votes),
    templates,
    store: opened.store,
    chats,
    now,
    logger,
    send: async (slot, chatId): Promise<Outcome> => (sent.push(`${slot.key}@${chatId}`), { status: "delivered" }),
  });
  return { ...opened, chats, sent, lines, scheduler, at: (iso: string) => (current = new Date(iso)) };
}

describe("reminder scheduler", () => {
  it("sends each zone its reminder at local time, once", async () => {
    const s = await setup();
    s.chats.register(-1, "group");
    s.chats.register(-2, "group");
    s.chats.update(-2, { timezone: "WIT" });
    s.at("2026-11-20T00:00:00Z"); // 09:00 WIT, 07:00 WIB
    await s.scheduler.tick();
    expect(s.sent).toEqual(["uji/h-7@-2"]);
    s.at("2026-11-20T02:00:00Z"); // 09:00 WIB
    await s.scheduler.tick();
    await s.scheduler.tick();
    expect(s.sent).toEqual(["uji/h-7@-2", "uji/h-7@-1"]);
    await s.store.close();
  });

  it("sends a reminder missed by less than 3 hours after a restart, skips (and logs once) a later one", async () => {
    const s = await setup();
    s.chats.register(-1, "group");
    s.chats.register(-2, "group");
    s.chats.update(-2, { timezone: "WIT" });
    s.at("2026-11-20T04:00:00Z"); // WIB slot 2 h late, WIT slot 4 h late
    await s.scheduler.tick();
    expect(s.sent).toEqual(["uji/h-7@-1"]);
    const skipped = s.lines.filter((l) => l.msg === "reminder skipped: more than 3 hours late");
    expect(skipped).toEqual([expect.objectContaining({ reminder: "uji/h-7", timezone: "WIT", chats: 1 })]);
    await s.store.close();

    // Restarted later: the skipped slot is not reconsidered, nothing is sent twice.
    const again = await setup(s.dir);
    again.at("2026-11-20T04:30:00Z");
    await again.scheduler.tick();
    expect(again.sent).toEqual([]);
    expect(again.lines.filter((l) => l.msg === "reminder skipped: more than 3 hours late")).toEqual([]);
    await again.store.close();
  });

  it("leaves chats with reminders off or removed alone, and a group re-registered under a new id gets nothing twice", async () => {
    const s = await setup();
    s.chats.register(-1, "group");
    s.chats.register(-3, "group");
    s.chats.update(-3, { reminders: false });
    s.chats.register(-4, "group");
    s.chats.deactivate(-4);
    s.at("2026-11-20T02:00:00Z");
    await s.scheduler.tick();
    expect(s.sent).toEqual(["uji/h-7@-1"]);
    s.chats.migrate(-1, -100);
    s.at("2026-11-20T02:30:00Z");
    await s.scheduler.tick();
    expect(s.sent).toEqual(["uji/h-7@-1"]);
    await s.store.close();
  });

  it("knows the next reminder of a zone", async () => {
    const s = await setup();
    s.at("2026-11-20T01:30:00Z");
    expect(s.scheduler.next({ timezone: "WIB" })?.at.toISOString()).toBe("2026-11-20T02:00:00.000Z");
    expect(s.scheduler.next({ timezone: "WIT" })?.key).toBe("uji/h-3");
    await s.store.close();
  });

  it("sends a regional vote only to the chats of its region; national votes to everyone", async () => {
    const s = await setup(undefined, [vote("nasional", "2026-11-27"), vote("maluku", "2026-11-28", { level: "provinsi", province: "Maluku" })]);
    s.chats.register(-1, "group");
    s.chats.register(-2, "group");
    s.chats.update(-2, { timezone: "WIT", province: "Maluku" });
    s.at("2026-11-20T02:30:00Z"); // national H-7, 09:00 in every zone
    await s.scheduler.tick();
    s.at("2026-11-21T00:30:00Z"); // the Maluku vote's H-7, 09:00 WIT
    await s.scheduler.tick();
    expect(s.sent.sort()).toEqual(["maluku/h-7@-2", "nasional/h-7@-1", "nasional/h-7@-2"]);
    await s.store.close();
  });

  it("schedules nothing with an empty calendar, and says so with how to add a vote", async () => {
    const s = await setup(undefined, []);
    s.chats.register(-1, "group");
    expect(s.scheduler.plan).toEqual([]);
    expect(s.scheduler.summary()).toMatch(/belum ada jadwal pemungutan suara berikutnya di kalender.*knowledge\/kalender\.yaml.*npm run kb:check/);
    s.at("2026-11-20T02:00:00Z");
    await s.scheduler.tick();
    expect(s.sent).toEqual([]);
    await s.store.close();
  });

  it("follows a reloaded calendar; what was sent stays sent", async () => {
    const s = await setup();
    s.chats.register(-1, "group");
    s.at("2026-11-20T02:00:00Z");
    await s.scheduler.tick();
    s.scheduler.replan(new ElectionCalendar([vote("uji", "2026-11-27"), vote("psu", "2026-11-27", { level: "provinsi", province: "Aceh" })]), templates);
    await s.scheduler.tick();
    expect(s.sent).toEqual(["uji/h-7@-1"]);
    expect(s.scheduler.plan.some((slot) => slot.vote.id === "psu")).toBe(true);
    await s.store.close();
  });
});
