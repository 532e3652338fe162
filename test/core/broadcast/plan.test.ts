import { describe, expect, it } from "vitest";
import { chatPlan, dayLabel, formatLocalTime, nextSlot, reminderPlan, renderReminder, templateLabel } from "../../../src/core/broadcast/plan.ts";
import type { ReminderTemplate } from "../../../src/core/knowledge/types.ts";
import { fixtureKnowledge } from "../calendar/support.ts";

const templates: ReminderTemplate[] = [
  { key: "h-7", anchor: "voting", offsetDays: -7, time: "09:00", text: "{pemilihan}: tinggal {sisa_hari} hari menuju {tanggal}." },
  { key: "masa-tenang", anchor: "quiet", offsetDays: 0, time: "07:00", text: "Masa tenang, {sisa_hari} hari lagi." },
  { key: "h", anchor: "voting", offsetDays: 0, time: "06:00", text: "Hari ini {tanggal}." },
  { key: "h+1", anchor: "voting", offsetDays: 1, time: "10:00", text: "Sudah lewat ({sisa_hari})." },
];

describe("reminder plan from the calendar", () => {
  const { calendar } = fixtureKnowledge();
  const plan = reminderPlan(calendar.votes, templates);
  const at = (key: string, timezone: string) => plan.find((s) => s.key === key && s.timezone === timezone)?.at.toISOString();

  it("puts each reminder of each vote at the same local hour in every zone", () => {
    expect(at("pemilu-uji/h-7", "WIT")).toBe("2027-02-10T00:00:00.000Z");
    expect(at("pemilu-uji/h-7", "WITA")).toBe("2027-02-10T01:00:00.000Z");
    expect(at("pemilu-uji/h-7", "WIB")).toBe("2027-02-10T02:00:00.000Z");
    // 06:00 WIB on voting day is still the 16th in UTC.
    expect(at("pemilu-uji/h", "WIB")).toBe("2027-02-16T23:00:00.000Z");
    expect(plan).toHaveLength(3 * templates.length * 3);
    const times = plan.map((s) => s.at.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("sends the quiet-period reminder on the calendar's first quiet day, whatever its length", () => {
    const quiet = plan.filter((s) => s.template.key === "masa-tenang" && s.timezone === "WIT");
    expect(quiet.map((s) => [s.vote.id, s.day, s.daysToVote])).toEqual([
      ["pemilu-uji", "2027-02-14", 3],
      ["psu-sbb-uji", "2027-02-17", 3],
      ["pilgub-ntt-uji", "2027-03-07", 3],
    ]);
  });

  it("leaves out slots before `since`: past votes are history", () => {
    expect(reminderPlan(calendar.votes, templates, new Date("2027-03-01T00:00:00Z")).map((s) => s.key)).toEqual(
      expect.arrayContaining(["pilgub-ntt-uji/h-7"]),
    );
    expect(reminderPlan(calendar.votes, templates, new Date("2027-03-12T00:00:00Z"))).toEqual([]);
  });

  it("gives each chat the votes of its region, and never two reminders on one day", () => {
    const sbb = chatPlan(plan, { timezone: "WIT", province: "Maluku", kabupaten: "Seram Bagian Barat" });
    expect(sbb.map((s) => s.key)).toEqual([
      "pemilu-uji/h-7",
      "psu-sbb-uji/h-7",
      "pemilu-uji/masa-tenang",
      "pemilu-uji/h", // the re-vote's quiet-period reminder falls on the national voting day: Hari H wins
      "pemilu-uji/h+1",
      "psu-sbb-uji/h",
      "psu-sbb-uji/h+1",
    ]);
    expect(new Set(sbb.map((s) => s.day)).size).toBe(sbb.length);
    const maluku = chatPlan(plan, { timezone: "WIT", province: "Maluku" });
    expect(maluku.every((s) => s.vote.id === "pemilu-uji")).toBe(true);
    const ntt = chatPlan(plan, { timezone: "WITA", province: "Nusa Tenggara Timur" });
    expect(new Set(ntt.map((s) => s.vote.id))).toEqual(new Set(["pemilu-uji", "pilgub-ntt-uji"]));
    expect(ntt.every((s) => s.timezone === "WITA")).toBe(true);
  });

  it("fills {pemilihan}, {tanggal} and {sisa_hari}, never a negative day count", () => {
    const slot = (key: string) => plan.find((s) => s.key === key && s.timezone === "WIB")!;
    expect(renderReminder(slot("pemilu-uji/h-7"))).toBe("Pemilu Uji 2027: tinggal 7 hari menuju 17 Februari 2027.");
    expect(renderReminder(slot("pemilu-uji/h+1"))).toBe("Sudah lewat (0).");
  });

  it("names days, templates and local times the Indonesian way", () => {
    expect([dayLabel(7), dayLabel(0), dayLabel(-1)]).toEqual(["H-7", "Hari H", "H+1"]);
    expect(templates.map(templateLabel)).toEqual(["H-7", "hari pertama masa tenang", "Hari H", "H+1"]);
    expect(formatLocalTime(new Date("2026-11-20T00:00:00Z"), "WIT")).toBe("Jumat, 20 November 2026 pukul 09.00 WIT");
  });

  it("finds a chat's next reminder", () => {
    const next = nextSlot(plan, { timezone: "WIB" }, new Date("2027-02-10T02:00:00Z"));
    expect(next?.key).toBe("pemilu-uji/masa-tenang");
    expect(nextSlot(plan, { timezone: "WIB" }, new Date("2027-03-01T00:00:00Z"))).toBeUndefined();
  });
});
