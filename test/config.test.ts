import { describe, expect, it } from "vitest";
import { loadConfig, nextElectionDate } from "../src/config.ts";

describe("config", () => {
  it("has working defaults with an empty environment (console mode)", () => {
    const result = loadConfig({}, new Date("2026-11-22T00:00:00Z"));
    expect(result.ok && result.config).toMatchObject({ botToken: undefined, dataDir: "./data", electionDate: "2026-11-27", reportRetentionDays: 90, adminIds: [] });
  });

  it("reports one line per problem", () => {
    const result = loadConfig({ BOT_TOKEN: "nonsense", ADMIN_IDS: "12,abc", ELECTION_DATE: "2026-02-30", WEBHOOK_URL: "https://x.example/hook" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^BOT_TOKEN: /), expect.stringMatching(/^ADMIN_IDS: /), expect.stringMatching(/^ELECTION_DATE: /), expect.stringMatching(/^WEBHOOK_SECRET: /)]),
    );
  });

  it("rejects a report key that is base64 but not an X25519 key", () => {
    const result = loadConfig({ REPORT_PUBLIC_KEY: Buffer.from("short").toString("base64") });
    expect(!result.ok && result.problems).toEqual([expect.stringMatching(/^REPORT_PUBLIC_KEY: .*32 byte/)]);
  });

  it("reads the hand-off settings and rejects a bad experts' chat id in one line", () => {
    const ok = loadConfig({ EXPERT_CHAT_ID: "-1009876543210", HANDOFF_LINK_DAYS: "3" });
    expect(ok.ok && ok.config).toMatchObject({ expertChatId: -1009876543210, handoffLinkDays: 3, handoffRemindHours: 24, questionRetentionDays: 180, handoffSecret: undefined });
    const bad = loadConfig({ EXPERT_CHAT_ID: "@grup_petugas", HANDOFF_SECRET: "pendek" });
    expect(!bad.ok && bad.problems).toEqual([expect.stringMatching(/^EXPERT_CHAT_ID: harus id chat berupa angka/), expect.stringMatching(/^HANDOFF_SECRET: minimal 16 karakter/)]);
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ BOT_TOKEN: "", ADMIN_IDS: " " }).ok).toBe(true);
  });

  it("defaults the election to the next 27 November, kept through the day after (H+1) in WIT", () => {
    expect(nextElectionDate(new Date("2026-11-27T14:00:00Z"))).toBe("2026-11-27");
    expect(nextElectionDate(new Date("2026-11-28T14:59:00Z"))).toBe("2026-11-27");
    expect(nextElectionDate(new Date("2026-11-28T15:00:00Z"))).toBe("2027-11-27");
    expect(nextElectionDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-11-27");
    expect(nextElectionDate(new Date("2026-01-01T00:00:00Z"))).toBe("2026-11-27");
  });
});
