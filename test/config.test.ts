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

  it("treats empty values as unset", () => {
    expect(loadConfig({ BOT_TOKEN: "", ADMIN_IDS: " " }).ok).toBe(true);
  });

  it("never guesses an election date: a leftover ELECTION_DATE is ignored with a warning naming the calendar", () => {
    const result = loadConfig({ ELECTION_DATE: "2027-11-27" });
    expect(result.ok && result.warnings).toEqual([expect.stringContaining("knowledge/kalender.yaml")]);
    expect(loadConfig({}).ok && (loadConfig({}) as { warnings: string[] }).warnings).toEqual([]);
  });
});
