import { describe, expect, it } from "vitest";
import { BroadcastService, type BroadcastContent, type BroadcastJob } from "../../../src/core/broadcast/broadcasts.ts";
import { ChatRegistry } from "../../../src/core/broadcast/chats.ts";
import type { Tally } from "../../../src/core/broadcast/deliver.ts";
import type { Outcome } from "../../../src/core/broadcast/ledger.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";
import { memoryLogger, realClock } from "./support.ts";
import { tempStore } from "./support.ts";

const now = () => new Date("2026-11-01T00:00:00Z");
const text: BroadcastContent = { kind: "text", text: "Pengumuman" };

function service(store: LowdbStore, send: (chatId: number, signal: AbortSignal) => Promise<Outcome>, reports: { job: BroadcastJob; counts: Tally }[] = []) {
  const chats = new ChatRegistry(store, now);
  const broadcasts = new BroadcastService({
    store,
    chats,
    now,
    clock: realClock,
    logger: memoryLogger().logger,
    send: (_content, chatId, signal) => send(chatId, signal),
    report: async (job, counts) => void reports.push({ job, counts }),
  });
  return { chats, broadcasts };
}

describe("broadcast jobs", () => {
  it("sends to the groups of the filter, fixed when sending starts, and reports at start and end", async () => {
    const { store } = await tempStore();
    const sent: number[] = [];
    const reports: { job: BroadcastJob; counts: Tally }[] = [];
    const { chats, broadcasts } = service(store, async (id) => (sent.push(id), { status: "delivered" }), reports);
    for (const id of [-1, -2, -3]) chats.register(id, "group");
    chats.update(-3, { timezone: "WIT" });
    chats.register(9, "private");
    const draft = broadcasts.draft(text);
    expect(broadcasts.setFilter(draft.id, { timezone: "WIB" })?.filter).toEqual({ timezone: "WIB" });
    const started = broadcasts.start(draft.id, { chatId: 1, messageId: 5 });
    expect(started.ok).toBe(true);
    chats.register(-4, "group"); // joins after Kirim: not part of this broadcast
    await broadcasts.idle();
    expect(sent.sort((a, b) => a - b)).toEqual([-2, -1]);
    const job = broadcasts.get(draft.id)!;
    expect(job.status).toBe("done");
    expect(job.summary).toMatchObject({ total: 2, delivered: 2, pending: 0 });
    expect(reports[0]?.job.status).toBe("running");
    expect(reports.at(-1)?.job.status).toBe("done");
    expect(broadcasts.start(draft.id).ok).toBe(false);
    await store.close();
  });

  it("refuses to start with no targets and keeps the draft", async () => {
    const { store } = await tempStore();
    const { broadcasts } = service(store, async () => ({ status: "delivered" }));
    const draft = broadcasts.draft(text);
    expect(broadcasts.start(draft.id)).toMatchObject({ ok: false, reason: "no-targets" });
    expect(broadcasts.get(draft.id)?.status).toBe("draft");
    expect(broadcasts.cancel(draft.id)?.status).toBe("cancelled");
    await store.close();
  });

  it("stops after the sends in flight and records the stop at once", async () => {
    const { store } = await tempStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: number[] = [];
    const { chats, broadcasts } = service(store, async (id) => {
      sent.push(id);
      await gate;
      return { status: "delivered" };
    });
    for (let id = 1; id <= 20; id++) chats.register(-id, "group");
    const { id } = broadcasts.draft(text);
    broadcasts.start(id);
    await new Promise((r) => setTimeout(r, 20));
    expect(broadcasts.stop(id)?.status).toBe("stopped");
    release();
    await broadcasts.idle();
    expect(sent.length).toBeLessThan(20);
    expect(broadcasts.get(id)).toMatchObject({ status: "stopped", summary: { pending: 20 - sent.length } });
    await store.close();
  });

  it("resumes a running job after a restart without sending anyone twice", async () => {
    const { dir, store } = await tempStore();
    const first: number[] = [];
    let calls = 0;
    const { chats, broadcasts } = service(store, async (id, signal) => {
      if (++calls > 5) {
        // The process is shutting down mid-call.
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
        return { status: "interrupted" };
      }
      first.push(id);
      return { status: "delivered" };
    });
    for (let id = 1; id <= 12; id++) chats.register(-id, "group");
    const { id } = broadcasts.draft(text);
    broadcasts.start(id);
    while (first.length < 5) await new Promise((r) => setTimeout(r, 5));
    await broadcasts.close(AbortSignal.abort()); // shutdown that abandons the calls in flight
    expect(broadcasts.get(id)?.status).toBe("running");
    await store.close();

    const reopened = await LowdbStore.open(dir);
    const second: number[] = [];
    const again = service(reopened, async (chatId) => (second.push(chatId), { status: "delivered" }));
    expect(again.broadcasts.resume()).toBe(1);
    await again.broadcasts.idle();
    expect([...first, ...second].sort()).toEqual(Array.from({ length: 12 }, (_, i) => -(i + 1)).sort());
    expect(again.broadcasts.get(id)).toMatchObject({ status: "done", summary: { delivered: 12 } });
    await reopened.close();
  });
});
