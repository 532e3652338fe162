import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RecentAnswers } from "../../../src/core/handoff/recent-answers.ts";
import { StateSecret } from "../../../src/core/reports/state-secret.ts";
import { LowdbSharedStore } from "../../../src/storage/lowdb-shared.ts";

describe("recent answers (for 👎)", () => {
  it("remembers which question an answer message answered, masked, for a day", async () => {
    let now = new Date("2026-11-20T03:00:00Z");
    const store = await LowdbSharedStore.open(fs.mkdtempSync(path.join(os.tmpdir(), "recent-")), () => now.getTime());
    const recent = new RecentAnswers(store, new StateSecret());
    await recent.remember(42, 1001, "boleh like? hp 081234567890");
    expect(await recent.recall(42, 1001)).toBe("boleh like? hp [nomor telepon]");
    expect(await recent.recall(43, 1001)).toBeUndefined();
    now = new Date(now.getTime() + 25 * 3600_000);
    expect(await recent.recall(42, 1001)).toBeUndefined();
    await store.close();
  });
});
