import { afterAll, describe, expect, it } from "vitest";
import { BackgroundTasks } from "../../src/core/background.ts";
import { UpdateIntake, type IncomingUpdate } from "../../src/core/intake.ts";
import { StateSecret } from "../../src/core/reports/state-secret.ts";
import { createLogger } from "../../src/logger.ts";
import type { SharedStore } from "../../src/storage/shared-store.ts";
import { storeKinds } from "../support/stores.ts";

const SECRET = "state-secret-shared-by-the-instances-0123";
const REPORTER = { id: 918273645, is_bot: false, first_name: "Sulastri", username: "saksi_diam_diam" };

const message = (updateId: number, from: typeof REPORTER, text: string): IncomingUpdate => ({
  update_id: updateId,
  message: { message_id: updateId, date: 0, chat: { id: from.id, type: "private", first_name: from.first_name }, from, text },
});

const until = async (predicate: () => boolean | Promise<boolean>, ms = 5000) => {
  for (const deadline = Date.now() + ms; !(await predicate()); ) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** An instance's intake over `store`; `handle` records what it handled (and may hang, as a killed instance). */
function intakeOn(store: SharedStore, holder: string, handle: (update: IncomingUpdate) => Promise<void>, secret = SECRET) {
  const tasks = new BackgroundTasks((error) => {
    throw error;
  });
  const intake = new UpdateIntake({ inbound: store.inbound, secret: new StateSecret(secret), holder, leaseMs: 300, tasks, logger: createLogger("silent"), handle, recoverEveryMs: 50 });
  return { intake, tasks };
}

describe.each(storeKinds())("durable webhook intake on $name", (kind) => {
  afterAll(() => kind.cleanUp());

  it.skipIf(kind.skip)("stores sealed before acknowledging, handles once, then deletes", async () => {
    const store = await kind.place().open();
    const handled: number[] = [];
    let seen = "";
    const { intake, tasks } = intakeOn(store, "a", async (update) => {
      seen = JSON.stringify(await store.inbound.recover("spy", 1, 10, undefined).catch(() => []));
      handled.push(update.update_id);
    });
    await intake.accept(message(1, REPORTER, "Camat membagikan amplop"));
    // Telegram repeating the update (no 200 reached it) finds it stored: not handled twice.
    await intake.accept(message(1, REPORTER, "Camat membagikan amplop"));
    await tasks.idle();
    expect(handled).toEqual([1]);
    expect(seen).toBe("[]"); // held by "a" while it handled
    expect(await store.inbound.count()).toBe(0);
    await store.close();
  });

  it.skipIf(kind.skip)("hands what a killed instance acknowledged to another, one sender's updates in order", async () => {
    const store = await kind.place().open();
    // Dies mid-way: never finishes.
    const killed = intakeOn(store, "killed", () => new Promise(() => undefined));
    for (const [id, text] of [[7, "pertama"], [8, "kedua"], [9, "ketiga"]] as const) await killed.intake.accept(message(id, REPORTER, text));
    await killed.intake.accept(message(10, { ...REPORTER, id: 5 }, "lain"));
    expect(await store.inbound.count()).toBe(4);
    await new Promise((r) => setTimeout(r, 350));
    // A zero-length claim: a peek at the rows as they are at rest.
    const atRest = JSON.stringify(await store.inbound.recover("peek", 0, 10));
    for (const clear of ["918273645", "Sulastri", "saksi_diam_diam", "pertama"]) expect(atRest).not.toContain(clear);
    const handled: string[] = [];
    const survivor = intakeOn(store, "survivor", async (update) => {
      await new Promise((r) => setTimeout(r, 5));
      handled.push(String((update.message as { text: string }).text));
    });
    survivor.intake.start();
    await until(async () => handled.length === 4 && (await store.inbound.count()) === 0);
    expect(handled.filter((t) => t !== "lain")).toEqual(["pertama", "kedua", "ketiga"]);
    await survivor.intake.stop();
    survivor.intake.close();
    await store.close();
  });

  it.skipIf(kind.skip)("drops, without reading, what was sealed under another secret", async () => {
    const store = await kind.place().open();
    const old = intakeOn(store, "old", () => new Promise(() => undefined), "an-earlier-process-secret-0123456789abc");
    await old.intake.accept(message(3, REPORTER, "rahasia"));
    const handled: IncomingUpdate[] = [];
    const next = intakeOn(store, "next", async (update) => void handled.push(update));
    next.intake.start();
    await until(async () => (await store.inbound.count()) === 0);
    expect(handled).toEqual([]);
    await next.intake.stop();
    next.intake.close();
    await store.close();
  });
});
