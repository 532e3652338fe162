import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Pledge } from "../../src/core/pledge/table.ts";
import { wibDayNumber } from "../../src/core/pledge/time.ts";
import { LowdbSharedStore } from "../../src/storage/lowdb-shared.ts";
import { PostgresStore } from "../../src/storage/postgres-store.ts";
import type { SharedStore } from "../../src/storage/shared-store.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from "../support/postgres.ts";

type Opened = { store: SharedStore; clock: { ms: number }; reopen?: () => Promise<SharedStore> };

const pledge = (n: number, extra: Partial<Pledge> = {}): Pledge => ({
  receipt: `R${n}`,
  userId: `u${n}`,
  nipHash: `h${n}`,
  nipLast4: "1234",
  name: `Nama ${n}`,
  agency: "Dinas Pendidikan",
  unit: "Bidang",
  province: "Jawa Barat",
  regency: "Kota Bandung",
  pledgedAt: "2026-11-20T03:00:00.000Z",
  ...extra,
});

/** The one contract both stores keep; every service relies on nothing else. */
function contract(name: string, open: () => Promise<Opened>, skip = false): void {
  describe.skipIf(skip)(`SharedStore contract: ${name}`, () => {
    let opened: Opened;
    let store: SharedStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      return () => store.close();
    });

    it("stores, lists in key order, counts and deletes records", async () => {
      const chats = store.records<{ n: number }>("chats");
      await chats.set("b", { n: 2 });
      await chats.set("a", { n: 1 });
      await chats.set("ab", { n: 3 });
      expect(await chats.get("a")).toEqual({ n: 1 });
      expect(await chats.list()).toEqual([["a", { n: 1 }], ["ab", { n: 3 }], ["b", { n: 2 }]]);
      expect(await chats.list("a")).toHaveLength(2);
      expect(await chats.count()).toBe(3);
      expect(await chats.delete("a")).toBe(true);
      expect(await chats.delete("a")).toBe(false);
      expect(await chats.get("a")).toBeUndefined();
      expect(await store.records("other").count()).toBe(0);
    });

    it("inserts only when the key is free", async () => {
      const claims = store.records<string>("claims");
      const results = await Promise.all([claims.insert("k", "one"), claims.insert("k", "two")]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(["one", "two"]).toContain(await claims.get("k"));
    });

    it("updates atomically: concurrent increments are all counted", async () => {
      const counters = store.records<number>("n");
      await Promise.all(Array.from({ length: 20 }, () => counters.update("x", (n) => (n ?? 0) + 1)));
      expect(await counters.get("x")).toBe(20);
      const unchanged = await counters.update("x", () => undefined);
      expect(unchanged).toEqual({ value: 20, changed: false });
    });

    it("counts hits in a window that opens at the first one", async () => {
      expect(await store.hit("cek:a", 60_000)).toBe(1);
      const opened_at = opened.clock.ms;
      opened.clock.ms += 30_000;
      expect(await store.hit("cek:a", 60_000)).toBe(2);
      expect(await store.hits("cek:a")).toEqual({ count: 2, until: opened_at + 60_000 });
      expect((await store.hits("cek:b")).count).toBe(0);
      opened.clock.ms += 30_000;
      expect((await store.hits("cek:a")).count).toBe(0);
      expect(await store.hit("cek:a", 60_000)).toBe(1);
      const racing = await Promise.all(Array.from({ length: 10 }, () => store.hit("cek:c", 60_000)));
      expect(racing.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it("gives a lease to one holder until it expires or is released", async () => {
      expect(await store.lease("scheduler", "A", 10_000)).toBe(true);
      expect(await store.lease("scheduler", "B", 10_000)).toBe(false);
      expect(await store.lease("scheduler", "A", 10_000)).toBe(true);
      opened.clock.ms += 10_001;
      expect(await store.lease("scheduler", "B", 10_000)).toBe(true);
      expect(await store.lease("scheduler", "A", 10_000)).toBe(false);
      await store.releaseLease("scheduler", "B");
      expect(await store.lease("scheduler", "A", 10_000)).toBe(true);
    });

    it("hides expiring records after their time and sweeps them", async () => {
      const drafts = store.expiring<{ sealed: string }>("drafts");
      await drafts.set("k", { sealed: "x" }, 1000);
      expect(await drafts.get("k")).toEqual({ sealed: "x" });
      opened.clock.ms += 1001;
      expect(await drafts.get("k")).toBeUndefined();
      await store.sweep();
      await drafts.set("j", { sealed: "y" }, 1000);
      expect(await drafts.delete("j")).toBe(true);
      expect(await drafts.get("j")).toBeUndefined();
    });

    it("keeps one pledge per account and per NIP, with counts per group and day", async () => {
      const table = store.pledges;
      expect(await table.insert(pledge(1))).toMatchObject({ ok: true });
      expect(await table.insert(pledge(2, { userId: "u1" }))).toMatchObject({ ok: false, reason: "user" });
      expect(await table.insert(pledge(3, { nipHash: "h1" }))).toMatchObject({ ok: false, reason: "nip" });
      expect(await table.insert(pledge(4, { receipt: "R1" }))).toMatchObject({ ok: false, reason: "receipt" });
      const racing = await Promise.all([table.insert(pledge(5, { nipHash: "same" })), table.insert(pledge(6, { nipHash: "same" }))]);
      expect(racing.filter((r) => r.ok)).toHaveLength(1);
      await table.insert(pledge(7, { agency: "dinas  PENDIDIKAN", pledgedAt: "2026-11-21T10:00:00.000Z" }));
      await table.insert(pledge(8, { agency: "Inspektorat", province: "Bali", regency: "Denpasar" }));
      expect(await table.count()).toBe(4);
      expect((await table.byUser("u1"))?.receipt).toBe("R1");
      expect((await table.byNipHash("h8"))?.userId).toBe("u8");
      expect((await table.byReceipt("R7"))?.agency).toBe("dinas  PENDIDIKAN");
      const agencies = await table.ranked("agency", 1);
      expect(agencies.top).toEqual([{ id: expect.any(String), label: "Dinas Pendidikan", count: 3 }]);
      expect(agencies.others).toEqual({ groups: 1, count: 1 });
      expect(await table.group("agency", agencies.top[0]!.id)).toMatchObject({ count: 3 });
      const day = wibDayNumber(Date.parse("2026-11-20T03:00:00.000Z"));
      expect(await table.perDay(day, day + 1)).toEqual(new Map([[day, 3], [day + 1, 1]]));
      expect((await table.removeByUser("u1"))?.receipt).toBe("R1");
      expect(await table.removeByUser("u1")).toBeUndefined();
      expect(await table.count()).toBe(3);
      const all: string[] = [];
      for await (const p of table.all()) all.push(p.receipt);
      expect(all.sort()).toEqual(["R5", "R7", "R8"].filter((r) => all.includes(r)).sort());
      expect(all).toHaveLength(3);
    });

    it("keeps acknowledged updates once each, hands a dead holder's keys over whole and in order", async () => {
      const inbound = store.inbound;
      const update = (id: number, key: string) => ({ id, key, sealed: `sealed-${id}` });
      expect(await inbound.receive(update(10, "a"), "one", 5000)).toEqual({ stored: true, behind: false });
      expect(await inbound.receive(update(10, "a"), "two", 5000)).toEqual({ stored: false, behind: false });
      expect(await inbound.receive(update(12, "a"), "one", 5000)).toEqual({ stored: true, behind: true });
      expect(await inbound.receive(update(11, "b"), "one", 5000)).toEqual({ stored: true, behind: false });
      await inbound.receive(update(13, "c"), "two", 5000);
      await inbound.release(13);
      // Only key c is free: a and b are held by "one", whose claims still run.
      expect(await inbound.recover("two", 5000, 10)).toEqual([update(13, "c")]);
      expect(await inbound.recover("three", 5000, 10)).toEqual([]);
      expect(await inbound.done(13)).toBe(false);
      opened.clock.ms += 3000;
      await inbound.renew("one", [11], 5000);
      opened.clock.ms += 2001;
      // "one" died after renewing only 11: key a (10 and 12) is taken over whole, in order; b is still held.
      expect(await inbound.recover("two", 5000, 10)).toEqual([update(10, "a"), update(12, "a")]);
      expect(await inbound.done(10)).toBe(true);
      expect(await inbound.done(12)).toBe(false);
      expect(await inbound.count()).toBe(1);
      opened.clock.ms += 5001;
      expect(await inbound.recover("two", 5000, 10, "a")).toEqual([]);
      expect(await inbound.recover("two", 5000, 10, "b")).toEqual([update(11, "b")]);
      // A handled update sent again is not stored again, for an hour.
      expect(await inbound.receive(update(10, "a"), "two", 5000)).toEqual({ stored: false, behind: false });
      opened.clock.ms += 3600_000;
      await store.sweep();
      expect(await inbound.receive(update(10, "a"), "two", 5000)).toEqual({ stored: true, behind: false });
    });

    it("keeps a rate across instances (PostgreSQL) or leaves it to the one process (lowdb)", async () => {
      const window = { max: 2, ms: 100 };
      if (store.kind === "lowdb") return expect(store.pace("global", window)).toBeUndefined();
      const other = await opened.reopen!();
      try {
        const started = performance.now();
        const paces = [store.pace("global", window)!, other.pace("global", window)!];
        await Promise.all(paces.flatMap((pace) => Array.from({ length: 6 }, () => pace.take())));
        // 12 events at 2 per 100 ms, whoever takes them: the sixth window at the earliest.
        expect(performance.now() - started).toBeGreaterThanOrEqual(480);
      } finally {
        await other.close();
      }
    });

    it("keeps what was written across a reopen", async () => {
      if (!opened.reopen) return;
      await store.records<number>("kept").set("a", 1);
      await store.pledges.insert(pledge(9));
      await store.inbound.receive({ id: 5, key: "k", sealed: "s" }, "gone", 60_000);
      await store.close();
      store = await opened.reopen();
      expect(await store.records<number>("kept").get("a")).toBe(1);
      expect((await store.pledges.byUser("u9"))?.receipt).toBe("R9");
      // Claims of a process that ended are gone on lowdb (one process) and run out on PostgreSQL.
      opened.clock.ms += 60_001;
      expect(await store.inbound.recover("next", 1000, 10)).toEqual([{ id: 5, key: "k", sealed: "s" }]);
    });
  });
}

contract("lowdb", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shared-"));
  const clock = { ms: Date.parse("2026-11-20T00:00:00Z") };
  const now = () => clock.ms;
  return { store: await LowdbSharedStore.open(dir, now), clock, reopen: () => LowdbSharedStore.open(dir, now) };
});

const schemas: string[] = [];
contract(
  "PostgreSQL",
  async () => {
    const schema = uniqueSchema("contract");
    schemas.push(schema);
    const clock = { ms: Date.parse("2026-11-20T00:00:00Z") };
    const now = () => clock.ms;
    const url = TEST_DATABASE_URL!;
    return { store: await PostgresStore.open(url, { schema, now }), clock, reopen: () => PostgresStore.open(url, { schema, now }) };
  },
  !TEST_DATABASE_URL,
);
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});
