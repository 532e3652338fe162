import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { minutesToWait, RateLimiter } from "../../../src/core/reports/limiter.ts";
import { Sessions } from "../../../src/core/reports/sessions.ts";
import { StateSecret } from "../../../src/core/reports/state-secret.ts";
import type { SharedStore } from "../../../src/storage/shared-store.ts";
import { storeKinds } from "../../support/stores.ts";

describe("state secret", () => {
  it("keys are stable for one secret, differ between secrets and purposes, and never contain the id", () => {
    const shared = new StateSecret("s".repeat(32));
    const again = new StateSecret("s".repeat(32));
    const other = new StateSecret();
    expect(shared.keyOf("report", 987654321)).toBe(again.keyOf("report", 987654321));
    expect(shared.keyOf("report", 987654321)).not.toBe(shared.keyOf("report", 987654322));
    expect(shared.keyOf("report", 987654321)).not.toBe(shared.keyOf("cek", 987654321));
    expect(other.keyOf("report", 987654321)).not.toBe(shared.keyOf("report", 987654321));
    expect(shared.keyOf("report", 987654321)).not.toContain("987654321");
  });

  it("seals so that only the same secret opens, and a changed box is refused", () => {
    const shared = new StateSecret("s".repeat(32));
    const sealed = shared.seal({ what: "isi rahasia" });
    expect(sealed).not.toContain("rahasia");
    expect(new StateSecret("s".repeat(32)).open(sealed)).toEqual({ what: "isi rahasia" });
    expect(new StateSecret().open(sealed)).toBeUndefined();
    // Change the first character to one it is not (a fixed "A" would leave 1 box in 64 unchanged).
    const changed = `${sealed.startsWith("A") ? "B" : "A"}${sealed.slice(1)}`;
    expect(shared.open(changed)).toBeUndefined();
  });

  it("rounds waits up to whole minutes, at least one", () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(60_001)).toBe(2);
  });
});

describe.each(storeKinds())("report state on $name", (kind) => {
  type Value = { kind: "draft"; secret: string } | { kind: "thread" };
  let t = 0;
  const now = () => new Date(t);
  let store: SharedStore;
  beforeEach(async () => {
    if (kind.skip) return;
    t = Date.parse("2026-11-20T03:00:00Z");
    store = await kind.place().open(() => t);
    return () => store.close();
  });
  afterAll(() => kind.cleanUp());

  it.skipIf(kind.skip)("limits `limit` events per window and says how long to wait", async () => {
    const limiter = new RateLimiter(store, "sent", 3, 3600_000, now);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.waitMs("k")).toBe(0);
      await limiter.record("k");
      t += 60_000;
    }
    expect(await limiter.waitMs("k")).toBe(3600_000 - 3 * 60_000);
    expect(await limiter.waitMs("other")).toBe(0);
    t += 3600_000;
    expect(await limiter.waitMs("k")).toBe(0);
  });

  it.skipIf(kind.skip)("sessions expire after the TTL of silence, each interaction refreshes them, and expiry is told once", async () => {
    const sessions = new Sessions<Value>(store, "s", 30 * 60_000, new StateSecret());
    await sessions.start("k", { kind: "draft", secret: "isi" });
    t += 29 * 60_000;
    expect((await sessions.get("k"))?.state).toBe("active");
    t += 29 * 60_000;
    expect((await sessions.get("k"))?.state).toBe("active");
    t += 31 * 60_000;
    expect(await sessions.get("k")).toEqual({ state: "expired", kind: "draft" });
    expect(await sessions.get("k")).toBeUndefined();
  });

  it.skipIf(kind.skip)("a session started on one instance continues on another sharing the secret and the store", async () => {
    const secret = "x".repeat(32);
    const first = new Sessions<Value>(store, "s", 30 * 60_000, new StateSecret(secret));
    const second = new Sessions<Value>(store, "s", 30 * 60_000, new StateSecret(secret));
    await first.start("k", { kind: "draft", secret: "isi rahasia" });
    expect(JSON.stringify(await store.expiring("s").get("k"))).not.toContain("rahasia");
    expect(await second.get("k")).toEqual({ state: "active", value: { kind: "draft", secret: "isi rahasia" } });
    await second.end("k");
    expect(await first.get("k")).toBeUndefined();
  });

  it.skipIf(kind.skip)("the sweep forgets tombstones after a day", async () => {
    const sessions = new Sessions<Value>(store, "s", 30 * 60_000, new StateSecret());
    await sessions.start("k", { kind: "thread" });
    t += 25 * 3600_000;
    await store.sweep();
    expect(await sessions.get("k")).toBeUndefined();
  });
});
