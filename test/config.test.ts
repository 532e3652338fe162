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

  it("defaults the election to the next 27 November, kept through the day after (H+1) in WIT", () => {
    expect(nextElectionDate(new Date("2026-11-27T14:00:00Z"))).toBe("2026-11-27");
    expect(nextElectionDate(new Date("2026-11-28T14:59:00Z"))).toBe("2026-11-27");
    expect(nextElectionDate(new Date("2026-11-28T15:00:00Z"))).toBe("2027-11-27");
    expect(nextElectionDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-11-27");
    expect(nextElectionDate(new Date("2026-01-01T00:00:00Z"))).toBe("2026-11-27");
  });
});
