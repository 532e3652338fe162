import { describe, expect, it } from "vitest";
import { minutesToWait, RateLimiter } from "../../../src/core/reports/limiter.ts";
import { Sessions } from "../../../src/core/reports/sessions.ts";

function clock(start = Date.parse("2026-11-20T03:00:00Z")) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe("rate limiter", () => {
  it("allows `limit` events per window and says how long to wait after that", () => {
    const c = clock();
    const limiter = new RateLimiter(3, 3600_000, c.now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.waitMs("k")).toBe(0);
      limiter.record("k");
      c.advance(60_000);
    }
    expect(limiter.waitMs("k")).toBe(3600_000 - 3 * 60_000);
    expect(limiter.waitMs("other")).toBe(0);
    c.advance(3600_000 - 3 * 60_000 + 1);
    expect(limiter.waitMs("k")).toBe(0);
  });

  it("rounds waits up to whole minutes, at least one", () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(60_001)).toBe(2);
  });
});

describe("sessions", () => {
  type Value = { kind: "draft"; secret: string } | { kind: "thread" };

  it("expire after the TTL of silence, and each interaction refreshes them", () => {
    const c = clock();
    const sessions = new Sessions<Value>(30 * 60_000, c.now);
    sessions.start("k", { kind: "draft", secret: "isi" });
    c.advance(29 * 60_000);
    expect(sessions.get("k")?.state).toBe("active");
    c.advance(29 * 60_000);
    expect(sessions.get("k")?.state).toBe("active");
    c.advance(31 * 60_000);
    expect(sessions.get("k")).toEqual({ state: "expired", kind: "draft" });
    expect(sessions.get("k")).toBeUndefined();
  });

  it("sweep drops the content of silent sessions but remembers that they expired, for a day", () => {
    const c = clock();
    const sessions = new Sessions<Value>(30 * 60_000, c.now);
    sessions.start("k", { kind: "draft", secret: "isi rahasia" });
    c.advance(31 * 60_000);
    sessions.sweep();
    expect(sessions.size).toBe(1);
    expect(JSON.stringify(sessions.get("k"))).not.toContain("rahasia");
    sessions.start("k2", { kind: "thread" });
    c.advance(25 * 3600_000);
    sessions.sweep();
    expect(sessions.size).toBe(0);
  });
});
