import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";

describe("config", () => {
  it("has working defaults with an empty environment (console mode)", () => {
    const result = loadConfig({});
    expect(result.ok && result.config).toMatchObject({ botToken: undefined, dataDir: "./data", reportRetentionDays: 90, adminIds: [] });
    expect(result.ok && result.config).not.toHaveProperty("electionDate");
  });

  it("reports one line per problem", () => {
    const result = loadConfig({ BOT_TOKEN: "nonsense", ADMIN_IDS: "12,abc", WEBHOOK_URL: "https://x.example/hook" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^BOT_TOKEN: /), expect.stringMatching(/^ADMIN_IDS: /), expect.stringMatching(/^WEBHOOK_SECRET: /)]),
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

  it("requires HANDOFF_SECRET in production when hand-offs are on, so the link key is never only in DATA_DIR", () => {
    const env = { NODE_ENV: "production", PLEDGE_SECRET: "x".repeat(32), EXPERT_CHAT_ID: "-1009876543210" };
    const result = loadConfig(env);
    expect(!result.ok && result.problems).toEqual([expect.stringMatching(/^HANDOFF_SECRET: wajib diisi di produksi/)]);
    expect(loadConfig({ ...env, HANDOFF_SECRET: "y".repeat(32) }).ok).toBe(true);
  });

  it("rejects an all-zero or low-order report key, which libsodium cannot seal for", () => {
    for (const hex of ["00".repeat(32), "01" + "00".repeat(31), "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"]) {
      const result = loadConfig({ REPORT_PUBLIC_KEY: Buffer.from(hex, "hex").toString("base64") });
      expect(!result.ok && result.problems).toEqual([expect.stringMatching(/^REPORT_PUBLIC_KEY: bukan kunci publik yang dapat dipakai/)]);
    }
  });

  it("requires PLEDGE_SECRET in production, so the NIP key is never only in DATA_DIR", () => {
    const result = loadConfig({ NODE_ENV: "production" });
    expect(!result.ok && result.problems).toEqual([expect.stringMatching(/^PLEDGE_SECRET: wajib diisi di produksi/)]);
    expect(loadConfig({ NODE_ENV: "production", PLEDGE_SECRET: "x".repeat(32) }).ok).toBe(true);
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ BOT_TOKEN: "", ADMIN_IDS: " " }).ok).toBe(true);
  });

  it("never guesses an election date: a leftover ELECTION_DATE is ignored with a warning naming the calendar", () => {
    const result = loadConfig({ ELECTION_DATE: "2027-11-27" });
    expect(result.ok && result.warnings).toEqual([expect.stringContaining("knowledge/kalender.yaml")]);
    expect(loadConfig({}).ok && (loadConfig({}) as { warnings: string[] }).warnings).toEqual([]);
  });
});
