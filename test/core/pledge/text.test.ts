import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/core/knowledge/load.ts";
import { pledgeText } from "../../../src/core/pledge/text.ts";

describe("pledge text", () => {
  const { pledge } = loadKnowledge("knowledge");

  it("names the vote it is for", () => {
    const text = pledgeText(pledge, "Pilkada Serentak 2029");
    expect(text.title).toBe("Ikrar Netralitas Pegawai Aparatur Sipil Negara pada Pilkada Serentak 2029");
    expect(text.points[0]).toContain("sesudah pelaksanaan Pilkada Serentak 2029.");
  });

  it("uses the neutral wording when no vote is planned, never a past year", () => {
    const text = pledgeText(pledge, undefined);
    expect(text.title).toBe("Ikrar Netralitas Pegawai Aparatur Sipil Negara pada Pemilu dan Pemilihan");
    expect(JSON.stringify(text)).not.toMatch(/2024|\{pemilihan\}/);
  });
});
