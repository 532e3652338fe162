import { describe, expect, it } from "vitest";
import { formatElectionDate, formatLocalTime, nextSlot, reminderLabel, reminderPlan, renderReminder } from "../../../src/core/broadcast/plan.ts";
import type { ReminderTemplate } from "../../../src/core/knowledge/types.ts";

const templates: ReminderTemplate[] = [
  { key: "h-7", offsetDays: -7, time: "09:00", text: "Tinggal {sisa_hari} hari menuju {tanggal}." },
  { key: "h", offsetDays: 0, time: "06:00", text: "Hari ini {tanggal}." },
  { key: "h+1", offsetDays: 1, time: "10:00", text: "Sudah lewat ({sisa_hari})." },
];

describe("reminder plan", () => {
  const plan = reminderPlan("2026-11-27", templates);
  const at = (key: string, timezone: string) => plan.find((s) => s.key === key && s.timezone === timezone)?.at.toISOString();

  it("puts each reminder at the same local hour in every zone", () => {
    expect(at("h-7", "WIT")).toBe("2026-11-20T00:00:00.000Z");
    expect(at("h-7", "WITA")).toBe("2026-11-20T01:00:00.000Z");
    expect(at("h-7", "WIB")).toBe("2026-11-20T02:00:00.000Z");
    // 06:00 WIB on voting day is still the 26th in UTC.
    expect(at("h", "WIB")).toBe("2026-11-26T23:00:00.000Z");
    expect(at("h+1", "WIT")).toBe("2026-11-28T01:00:00.000Z");
  });

  it("is sorted by time, 3 zones per reminder", () => {
    expect(plan).toHaveLength(9);
    const times = plan.map((s) => s.at.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("fills {tanggal} and {sisa_hari}, never a negative day count", () => {
    expect(renderReminder(templates[0]!, "2026-11-27")).toBe("Tinggal 7 hari menuju 27 November 2026.");
    expect(renderReminder(templates[2]!, "2026-11-27")).toBe("Sudah lewat (0).");
  });

  it("names days and local times the Indonesian way", () => {
    expect(formatElectionDate("2026-11-27")).toBe("27 November 2026");
    expect(reminderLabel(templates[0]!)).toBe("H-7");
    expect(reminderLabel(templates[1]!)).toBe("Hari H");
    expect(reminderLabel(templates[2]!)).toBe("H+1");
    expect(formatLocalTime(new Date("2026-11-20T00:00:00Z"), "WIT")).toBe("Jumat, 20 November 2026 pukul 09.00 WIT");
  });

  it("finds the next reminder of a zone", () => {
    const next = nextSlot(plan, "WIB", new Date("2026-11-20T02:00:00Z"));
    expect(next?.key).toBe("h");
    expect(nextSlot(plan, "WIB", new Date("2026-12-01T00:00:00Z"))).toBeUndefined();
  });
});
