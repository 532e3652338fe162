import { afterAll, describe, expect, it } from "vitest";
import { deliverAll, tally } from "../../../src/core/broadcast/deliver.ts";
import { DeliveryLedger, type LedgerEntry, type Outcome } from "../../../src/core/broadcast/ledger.ts";
import type { SharedStore } from "../../../src/storage/shared-store.ts";
import { storeKinds } from "../../support/stores.ts";

const noLinks = (id: number) => [id];

function run(ledger: DeliveryLedger, targets: number[], send: (id: number) => Promise<Outcome>, extra: { stopped?: () => boolean; linkedIds?: (id: number) => number[] } = {}) {
  return deliverAll({ job: "j1", targets, ledger, send, concurrency: 3, linkedIds: extra.linkedIds ?? noLinks, stopped: extra.stopped ?? (() => false), heldRetryMs: 20 });
}

describe.each(storeKinds())("deliverAll with the ledger on $name", (kind) => {
  let t = Date.parse("2026-11-01T00:00:00Z");
  const now = () => new Date(t);
  afterAll(() => kind.cleanUp());
  const open = async () => {
    const place = kind.place();
    const store = await place.open(() => t);
    return { place, store, ledger: (s: SharedStore, holder = "A", claimMs = 60_000) => new DeliveryLedger(s.records<LedgerEntry>("l"), now, holder, claimMs) };
  };
  const counts = async (ledger: DeliveryLedger, targets: number[]) => tally(targets, await ledger.job("j1"), noLinks, ledger);

  it.skipIf(kind.skip)("sends each target once and records every outcome", async () => {
    const { store, ledger: make } = await open();
    const ledger = make(store);
    const sent: number[] = [];
    const outcomes: Record<number, Outcome> = { 2: { status: "blocked" }, 3: { status: "failed", reason: "x" }, 4: { status: "migrated", to: 40 } };
    await run(ledger, [1, 2, 3, 4, 1], async (id) => {
      sent.push(id);
      return outcomes[id] ?? { status: "delivered" };
    });
    expect(sent.sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    expect(await counts(ledger, [1, 2, 3, 4])).toEqual({ total: 4, delivered: 1, migrated: 1, blocked: 1, failed: 1, pending: 0, unconfirmed: 0 });
    // The migrated group's new id counts as delivered too.
    expect((await ledger.get("j1", 40))?.status).toBe("delivered");
    await store.close();
  });

  it.skipIf(kind.skip)("two instances sharing the store split the targets and never send one chat twice", async () => {
    const { store, ledger: make } = await open();
    const targets = Array.from({ length: 60 }, (_, i) => i + 1);
    const sent: number[] = [];
    const send = async (id: number): Promise<Outcome> => {
      sent.push(id);
      await new Promise((r) => setTimeout(r, 2));
      return { status: "delivered" };
    };
    await Promise.all([run(make(store, "A"), targets, send), run(make(store, "B"), targets, send)]);
    expect(sent.sort((a, b) => a - b)).toEqual(targets);
    await store.close();
  });

  it.skipIf(kind.skip)("after a crash never resends a chat whose request had left: counted unconfirmed, while a refused attempt is sent again", async () => {
    const { store, ledger: make } = await open();
    const dead = make(store, "dead");
    for (const chat of [1, 2, 3]) expect(await dead.claim("j1", chat)).toBe(true);
    await dead.sending("j1", 1); // on its way when the process died
    await dead.sending("j1", 2);
    await dead.notSent("j1", 2); // answered 429: nothing arrived
    const survivor = make(store, "B");
    const sent: number[] = [];
    const send = async (id: number): Promise<Outcome> => (sent.push(id), { status: "delivered" });
    const carrying = run(survivor, [1, 2, 3, 4], send);
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual([4]); // 1-3 are held while the dead one's claims run
    t += 60_001;
    await carrying;
    expect(sent.sort()).toEqual([2, 3, 4]);
    expect(await counts(survivor, [1, 2, 3, 4])).toMatchObject({ delivered: 3, unconfirmed: 1, pending: 0 });
    await store.close();
  });

  it.skipIf(kind.skip)("records each attempt before it leaves and refuses a send whose claim was taken over", async () => {
    const { store, ledger: make } = await open();
    const slow = make(store, "slow");
    expect(await slow.claim("j1", 1)).toBe(true);
    t += 60_001;
    const other = make(store, "other");
    expect(await other.claim("j1", 1)).toBe(true);
    await expect(slow.sending("j1", 1)).rejects.toThrow(/claim lost/);
    await slow.finish("j1", 1, { status: "failed", reason: "claim lost" });
    expect((await other.get("j1", 1))?.status).toBe("claimed");
    await other.sending("j1", 1);
    expect(await other.get("j1", 1)).toMatchObject({ status: "sending", holder: "other" });
    await other.finish("j1", 1, { status: "delivered" });
    expect((await other.get("j1", 1))?.status).toBe("delivered");
    await store.close();
  });

  it.skipIf(kind.skip)("after a crash resends only the chat whose claim ran out, and nothing settled", async () => {
    const { place, store, ledger: make } = await open();
    const dead = make(store, "dead");
    await dead.finish("j1", 1, { status: "delivered" });
    expect(await dead.claim("j1", 2)).toBe(true); // in flight when the process died
    await store.close();
    const reopened = await place.open(() => t);
    const again = make(reopened, "B");
    expect(await again.claim("j1", 2)).toBe(false); // still held: the holder may be alive
    t += 60_001;
    const sent: number[] = [];
    await run(again, [1, 2, 3], async (id) => {
      sent.push(id);
      return { status: "delivered" };
    });
    expect(sent.sort((a, b) => a - b)).toEqual([2, 3]);
    await reopened.close();
  });

  it.skipIf(kind.skip)("gives an interrupted send back, so it is sent again at once", async () => {
    const { store, ledger: make } = await open();
    const ledger = make(store);
    await run(ledger, [1], async () => ({ status: "interrupted" }));
    expect((await ledger.get("j1", 1))?.status).toBe("claimed");
    expect((await counts(ledger, [1])).pending).toBe(1);
    expect(await make(store, "B").claim("j1", 1)).toBe(true);
    await store.close();
  });

  it.skipIf(kind.skip)("treats a delivery under another id of the same group as done", async () => {
    const { store, ledger: make } = await open();
    const ledger = make(store);
    await ledger.finish("j1", -1, { status: "migrated", to: -100 });
    const sent: number[] = [];
    await run(ledger, [-100], async (id) => (sent.push(id), { status: "delivered" }), { linkedIds: (id) => (id === -100 ? [-100, -1] : [id]) });
    expect(sent).toEqual([]);
    await store.close();
  });

  it.skipIf(kind.skip)("stops before the next send when asked, and a send that throws costs one chat", async () => {
    const { store, ledger: make } = await open();
    const ledger = make(store);
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
    expect(await counts(ledger, [1, 2, 3, 4, 5])).toMatchObject({ failed: 2, pending: 3 });
    await store.close();
  });
});
