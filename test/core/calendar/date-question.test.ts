import { describe, expect, it } from "vitest";
import { parseDateQuestion } from "../../../src/core/calendar/date-question.ts";

describe("date questions", () => {
  it("recognises questions the calendar answers", () => {
    expect(parseDateQuestion("kapan masa tenang?")).toEqual({ phases: ["quiet"] });
    expect(parseDateQuestion("Kapan pencoblosan?")).toEqual({ phases: ["voting"] });
    expect(parseDateQuestion("kapan pemungutan suara berikutnya?")).toEqual({ phases: ["voting"] });
    expect(parseDateQuestion("tgl brp nyoblos pilkada")).toEqual({ phases: ["voting"] });
    expect(parseDateQuestion("kapan pilkada berikutnya")).toEqual({ phases: ["voting"] });
    expect(parseDateQuestion("kampanye mulai kapan sampai kapan?")).toEqual({ phases: ["campaign"] });
    expect(parseDateQuestion("Kapan masa kampanye dan masa tenang Pilkada 2024?")).toEqual({ phases: ["campaign", "quiet"], year: "2024" });
    expect(parseDateQuestion("jadwal pilkada 2024 lengkap")).toEqual({ phases: "all", year: "2024" });
    expect(parseDateQuestion("kapan penetapan paslon")).toEqual({ phases: ["candidates_set"] });
    expect(parseDateQuestion("rekapitulasi suara sampai kapan")).toEqual({ phases: ["counting"] });
  });

  it("leaves questions about conduct to the knowledge base", () => {
    expect(parseDateQuestion("apa yang dilarang saat masa tenang?")).toBeUndefined();
    expect(parseDateQuestion("kapan ASN wajib netral?")).toBeUndefined();
    expect(parseDateQuestion("kapan batas waktu lapor pelanggaran?")).toBeUndefined();
    expect(parseDateQuestion("boleh kampanye kapan saja?")).toBeUndefined();
    expect(parseDateQuestion("PNS boleh like postingan paslon?")).toBeUndefined();
    expect(parseDateQuestion("kapan libur lebaran")).toBeUndefined();
  });
});
