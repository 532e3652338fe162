import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HandoffDesk } from "../../../src/core/handoff/desk.ts";
import { LinkSealer } from "../../../src/core/handoff/link-seal.ts";
import { PENDING_TTL_MS } from "../../../src/core/handoff/pending.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";

const HOUR = 3600_000;
let now = new Date("2026-11-20T03:00:00Z");
const stores: LowdbStore[] = [];

async function open() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-"));
  const store = await LowdbStore.open(dataDir);
  stores.push(store);
  const desk = new HandoffDesk({ store, now: () => now, sealer: new LinkSealer("unit-test-secret-123"), linkDays: 7, remindHours: 24, retentionDays: 30 });
  return { store, dataDir, desk };
}

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  now = new Date("2026-11-20T03:00:00Z");
});

describe("hand-off desk", () => {
  it("masks a pending question, sends it once, and forgets it after its time", async () => {
    const { desk } = await open();
    const pending = desk.pending.hold("NIP saya 198503122010011002, boleh ikut kampanye?");
    expect(pending).toMatchObject({ question: "NIP saya [NIP], boleh ikut kampanye?", masked: true });
    expect(desk.pending.take(pending.token)).toBeDefined();
    expect(desk.pending.take(pending.token)).toBeUndefined();
    const late = desk.pending.hold("pertanyaan lain");
    now = new Date(now.getTime() + PENDING_TTL_MS + 1);
    expect(desk.pending.get(late.token)).toBeUndefined();
  });

  it("stores the question with a sealed link only, opens it to deliver, and deletes it when closed", async () => {
    const { desk, store, dataDir } = await open();
    const handoff = desk.submit(desk.pending.hold("Bolehkah saya jadi saksi?"), 5550123987);
    expect(handoff.code).toMatch(/^T-[0-9A-Z]{6}$/);
    await store.flush();
    expect(fs.readFileSync(path.join(dataDir, "db.json"), "utf8")).not.toContain("5550123987");
    expect(desk.recipient(handoff.code)).toBe(5550123987);
    desk.close(handoff.code, "answered", "Tidak boleh.");
    expect(desk.recipient(handoff.code)).toBeUndefined();
    expect(desk.get(handoff.code)).toMatchObject({ closed: "answered", answer: "Tidak boleh." });
    expect(desk.get(handoff.code)!.link).toBeUndefined();
  });

  it("reminds after the set hours, expires after the set days, and purges after retention", async () => {
    const { desk } = await open();
    const a = desk.submit(desk.pending.hold("pertanyaan A"), 1);
    desk.attachExpertMessage(a.code, 10);
    now = new Date(now.getTime() + 23 * HOUR);
    expect(desk.dueReminders()).toHaveLength(0);
    now = new Date(now.getTime() + 2 * HOUR);
    expect(desk.dueReminders().map((h) => h.code)).toEqual([a.code]);
    desk.markReminded(a.code);
    expect(desk.dueReminders()).toHaveLength(0);
    expect(desk.expiring()).toHaveLength(0);
    now = new Date(now.getTime() + 6 * 24 * HOUR);
    expect(desk.expiring().map((h) => h.code)).toEqual([a.code]);
    desk.close(a.code, "expired");
    expect(desk.open()).toHaveLength(0);
    expect(desk.purge()).toBe(0);
    now = new Date(now.getTime() + 30 * 24 * HOUR);
    expect(desk.purge()).toBe(1);
    expect(desk.get(a.code)).toBeUndefined();
  });
});
