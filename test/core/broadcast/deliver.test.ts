import { describe, expect, it } from "vitest";
import { deliverAll, tally } from "../../../src/core/broadcast/deliver.ts";
import { DeliveryLedger, type LedgerEntry, type Outcome } from "../../../src/core/broadcast/ledger.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";
import { tempStore } from "./support.ts";

const now = () => new Date("2026-11-01T00:00:00Z");
const noLinks = (id: number) => [id];

function run(ledger: DeliveryLedger, targets: number[], send: (id: number) => Promise<Outcome>, extra: { stopped?: () => boolean; linkedIds?: (id: number) => number[] } = {}) {
  return deliverAll({ job: "j1", targets, ledger, send, concurrency: 3, linkedIds: extra.linkedIds ?? noLinks, stopped: extra.stopped ?? (() => false) });
}

describe("deliverAll with the ledger", () => {
  it("sends each target once and records every outcome", async () => {
    const { store } = await tempStore();
    const ledger = new DeliveryLedger(store.collection<LedgerEntry>("l", { log: true }), now);
    const sent: number[] = [];
    const outcomes: Record<number, Outcome> = { 2: { status: "blocked" }, 3: { status: "failed", reason: "x" }, 4: { status: "migrated", to: 40 } };
    await run(ledger, [1, 2, 3, 4, 1], async (id) => {
      sent.push(id);
      return outcomes[id] ?? { status: "delivered" };
    });
    expect(sent.sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    expect(tally("j1", [1, 2, 3, 4], ledger, noLinks)).toEqual({ total: 4, delivered: 1, migrated: 1, blocked: 1, failed: 1, pending: 0 });
    // The migrated group's new id counts as delivered too.
    expect(ledger.get("j1", 40)?.status).toBe("delivered");
    await store.close();
  });

  it("after a crash resends only the chat whose entry still says sending, and nothing settled", async () => {
    const { dir, store } = await tempStore();
    const ledger = new DeliveryLedger(store.collection<LedgerEntry>("l", { log: true }), now);
    ledger.finish("j1", 1, { status: "delivered" });
    ledger.begin("j1", 2); // in flight when the process died
    await store.close();
    const reopened = await LowdbStore.open(dir);
    const again = new DeliveryLedger(reopened.collection<LedgerEntry>("l", { log: true }), now);
    const sent: number[] = [];
    await run(again, [1, 2, 3], async (id) => {
      sent.push(id);
      return { status: "delivered" };
    });
    expect(sent.sort((a, b) => a - b)).toEqual([2, 3]);
    await reopened.close();
  });

  it("does not record an interrupted send, so the next start sends it", async () => {
    const { store } = await tempStore();
    const ledger = new DeliveryLedger(store.collection<LedgerEntry>("l", { log: true }), now);
    await run(ledger, [1], async () => ({ status: "interrupted" }));
    expect(ledger.get("j1", 1)?.status).toBe("sending");
    expect(tally("j1", [1], ledger, noLinks).pending).toBe(1);
    await store.close();
  });

  it("treats a delivery under another id of the same group as done", async () => {
    const { store } = await tempStore();
    const ledger = new DeliveryLedger(store.collection<LedgerEntry>("l", { log: true }), now);
    ledger.finish("j1", -1, { status: "migrated", to: -100 });
    const sent: number[] = [];
    await run(ledger, [-100], async (id) => (sent.push(id), { status: "delivered" }), { linkedIds: (id) => (id === -100 ? [-100, -1] : [id]) });
    expect(sent).toEqual([]);
    await store.close();
  });

  it("stops before the next send when asked, and a send that throws costs one chat", async () => {
    const { store } = await tempStore();
    const ledger = new DeliveryLedger(store.collection<LedgerEntry>("l", { log: true }), now);
    let calls = 0;
    await deliverAll({
      job: "j1",
      targets: [1, 2, 3, 4, 5],
      ledger,
      concurrency: 1,
      linkedIds: noLinks,
      stopped: () => calls >= 2,
      send: async () => {
        calls++;
        throw new Error("bug");
      },
    });
    expect(calls).toBe(2);
    expect(tally("j1", [1, 2, 3, 4, 5], ledger, noLinks)).toMatchObject({ failed: 2, pending: 3 });
    await store.close();
  });
});
