import { describe, expect, it } from "vitest";
import { covers } from "../../../src/core/calendar/calendar.ts";
import { addDays, daysBetween, formatRange, localDay, localInstant } from "../../../src/core/calendar/dates.ts";
import { fixtureKnowledge } from "./support.ts";

describe("election calendar", () => {
  const { calendar } = fixtureKnowledge();
  const ids = (votes: { id: string }[]) => votes.map((v) => v.id);

  it("covers everyone with national votes, a province's chats with its vote, one kabupaten with its re-vote", () => {
    const sbb = { province: "Maluku", kabupaten: "Seram Bagian Barat" };
    expect(ids(calendar.upcoming({}, "2026-11-29"))).toEqual(["pemilu-uji"]);
    expect(ids(calendar.upcoming({ province: "Nusa Tenggara Timur" }, "2026-11-29"))).toEqual(["pemilu-uji", "pilgub-ntt-uji"]);
    expect(ids(calendar.upcoming(sbb, "2026-11-29"))).toEqual(["pemilu-uji", "psu-sbb-uji"]);
    expect(ids(calendar.upcoming({ province: "Maluku" }, "2026-11-29"))).toEqual(["pemilu-uji"]);
    expect(ids(calendar.upcoming({ province: "Maluku", kabupaten: "Kota Seram Bagian Barat" }, "2026-11-29"))).toEqual(["pemilu-uji"]);
    expect(covers({ level: "kabupaten", province: "Maluku", kabupaten: "Kabupaten Seram Bagian Barat" }, { province: "Maluku", kabupaten: "Kab. Seram Bagian Barat" })).toBe(true);
  });

  it("keeps a vote current through its counting, upcoming only to its voting day", () => {
    expect(ids(calendar.current({}, "2027-03-01"))).toEqual(["pemilu-uji"]);
    expect(ids(calendar.upcoming({}, "2027-03-01"))).toEqual([]);
    expect(calendar.latestPast({}, "2027-03-01")?.id).toBe("pemilu-uji");
    expect(calendar.ahead("2027-03-11")).toEqual([]);
    expect(ids(calendar.ahead("2027-02-18"))).toEqual(["psu-sbb-uji", "pilgub-ntt-uji"]);
    expect(ids(calendar.inYear({ province: "Nusa Tenggara Timur" }, "2027"))).toEqual(["pemilu-uji", "pilgub-ntt-uji"]);
  });
});

describe("calendar days", () => {
  it("counts days and local days across zones", () => {
    expect(addDays("2027-02-17", -3)).toBe("2027-02-14");
    expect(daysBetween("2026-11-29", "2027-02-17")).toBe(80);
    expect(localDay(new Date("2027-02-16T21:00:00Z"), "WIT")).toBe("2027-02-17");
    expect(localDay(new Date("2027-02-16T21:00:00Z"), "WIB")).toBe("2027-02-17");
    expect(localDay(new Date("2027-02-16T16:59:00Z"), "WIB")).toBe("2027-02-16");
    expect(localInstant("2027-02-17", "06:00", "WIT").toISOString()).toBe("2027-02-16T21:00:00.000Z");
  });

  it("writes ranges the Indonesian way", () => {
    expect(formatRange("2024-11-24", "2024-11-26")).toBe("24–26 November 2024");
    expect(formatRange("2024-09-25", "2024-11-23")).toBe("25 September – 23 November 2024");
    expect(formatRange("2023-11-28", "2024-02-10")).toBe("28 November 2023 – 10 Februari 2024");
    expect(formatRange("2024-11-27", "2024-11-27")).toBe("27 November 2024");
  });
});
