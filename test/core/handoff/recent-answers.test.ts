import { describe, expect, it } from "vitest";
import { RecentAnswers } from "../../../src/core/handoff/recent-answers.ts";

describe("recent answers (for 👎)", () => {
  it("remembers which question an answer message answered, masked, for a day", () => {
    let now = new Date("2026-11-20T03:00:00Z");
    const recent = new RecentAnswers(() => now);
    recent.remember(42, 1001, "boleh like? hp 081234567890");
    expect(recent.recall(42, 1001)).toBe("boleh like? hp [nomor telepon]");
    expect(recent.recall(43, 1001)).toBeUndefined();
    now = new Date(now.getTime() + 25 * 3600_000);
    expect(recent.recall(42, 1001)).toBeUndefined();
  });
});
