import { describe, expect, it } from "vitest";
import { placeLabel, relativeTo } from "../../../src/bot/format/schedule.ts";

describe("schedule wording", () => {
  it("says where a stage stands today", () => {
    const quiet = { start: "2027-02-14", end: "2027-02-16" };
    expect(relativeTo(quiet, "2027-02-10")).toBe("4 hari lagi");
    expect(relativeTo(quiet, "2027-02-13")).toBe("besok");
    expect(relativeTo(quiet, "2027-02-15")).toBe("sedang berlangsung");
    expect(relativeTo({ start: "2027-02-17", end: "2027-02-17" }, "2027-02-17")).toBe("hari ini");
    expect(relativeTo(quiet, "2027-02-17")).toBe("sudah lewat");
  });

  it("names the asker's place", () => {
    expect(placeLabel(undefined)).toBeUndefined();
    expect(placeLabel({ province: "Maluku" })).toBe("Provinsi Maluku");
    expect(placeLabel({ province: "Maluku", kabupaten: "Kabupaten Seram Bagian Barat" })).toBe("Kabupaten Seram Bagian Barat, Maluku");
  });
});
