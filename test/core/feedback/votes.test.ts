import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Votes, VOTE_RETENTION_DAYS, type Feedback } from "../../../src/core/feedback/votes.ts";
import { LowdbSharedStore } from "../../../src/storage/lowdb-shared.ts";

describe("votes on answers", () => {
  it("one vote per person per entry, changeable, kept without the person, forgotten after the retention period", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "votes-"));
    let now = new Date("2026-11-20T03:00:00Z");
    const store = await LowdbSharedStore.open(dir);
    const counts = store.records<Feedback>("feedback");
    const votes = new Votes(store.records("votes"), counts, "kunci-rahasia-panjang", () => now);
    expect(await votes.cast(918273645, "like-postingan", "+")).toBe("counted");
    expect(await votes.cast(918273645, "like-postingan", "+")).toBe("unchanged");
    expect(await votes.cast(918273646, "like-postingan", "+")).toBe("counted");
    expect(await counts.get("like-postingan")).toEqual({ up: 2, down: 0 });
    expect(await votes.cast(918273645, "like-postingan", "-")).toBe("changed");
    expect(await counts.get("like-postingan")).toEqual({ up: 1, down: 1 });
    await store.flush();
    expect(fs.readFileSync(path.join(dir, "votes.jsonl"), "utf8")).not.toContain("91827364");
    now = new Date(now.getTime() + (VOTE_RETENTION_DAYS + 1) * 24 * 3600_000);
    expect(await votes.purge()).toBe(2);
    expect(await counts.get("like-postingan")).toBeUndefined();
    await store.close();
  });
});
