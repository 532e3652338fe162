import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Votes, VOTE_RETENTION_DAYS, type Feedback } from "../../../src/core/feedback/votes.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";

describe("votes on answers", () => {
  it("one vote per person per entry, changeable, kept without the person, forgotten after the retention period", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "votes-"));
    let now = new Date("2026-11-20T03:00:00Z");
    const store = await LowdbStore.open(dir);
    const counts = store.collection<Feedback>("feedback");
    const votes = new Votes(store.collection("votes", { log: true }), counts, "kunci-rahasia-panjang", () => now);
    expect(votes.cast(918273645, "like-postingan", "+")).toBe("counted");
    expect(votes.cast(918273645, "like-postingan", "+")).toBe("unchanged");
    expect(votes.cast(918273646, "like-postingan", "+")).toBe("counted");
    expect(counts.get("like-postingan")).toEqual({ up: 2, down: 0 });
    expect(votes.cast(918273645, "like-postingan", "-")).toBe("changed");
    expect(counts.get("like-postingan")).toEqual({ up: 1, down: 1 });
    await store.flush();
    expect(fs.readFileSync(path.join(dir, "votes.jsonl"), "utf8")).not.toContain("91827364");
    now = new Date(now.getTime() + (VOTE_RETENTION_DAYS + 1) * 24 * 3600_000);
    expect(votes.purge()).toBe(2);
    expect(counts.get("like-postingan")).toBeUndefined();
    await store.close();
  });
});
