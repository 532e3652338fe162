import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { postUpdate, ready, startInstance, type Instance } from "../support/instances.ts";

/**
 * The single lowdb instance in webhook mode, killed with SIGKILL after acknowledging updates it
 * was still handling: restarted on the same data directory (and `STATE_SECRET`), it answers them.
 */
describe("one lowdb instance in webhook mode, killed and restarted", { timeout: 90_000 }, () => {
  let fake: FakeTelegram;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "restart-"));
  const instances: Instance[] = [];
  const start = async () => {
    const instance = await startInstance(fake, { dataDir });
    instances.push(instance);
    return instance;
  };

  beforeAll(async () => {
    fake = await FakeTelegram.start({ latencyMs: 20 });
  });

  afterAll(async () => {
    for (const { child } of instances) if (child.exitCode === null) child.kill("SIGKILL");
    await Promise.all(instances.map((i) => i.exited));
    await fake.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers after the restart what it acknowledged before the kill; nothing readable stays on disk", async () => {
    const first = await start();
    await ready(first);
    const askers = Array.from({ length: 4 }, (_, i) => ({ id: 770_001 + i, is_bot: false, first_name: `Wiryaningsih${i}`, username: `pelapor_diam_${i}` }));
    let release = () => {};
    fake.held.set("sendMessage", new Promise<void>((resolve) => (release = resolve)));
    for (const [i, asker] of askers.entries()) {
      const update = { update_id: 9000 + i, message: { message_id: i + 1, date: 0, chat: { id: asker.id, type: "private", first_name: asker.first_name }, from: asker, text: "boleh foto bareng calon bupati_rahasia?" } };
      expect(await postUpdate(first, update)).toBe(200);
    }
    const log = path.join(dataDir, "inbound-updates.jsonl");
    const atRest = fs.readFileSync(log, "utf8");
    expect(atRest.trim().split("\n")).toHaveLength(askers.length);
    for (const clear of ["770001", "Wiryaningsih", "pelapor_diam", "bupati_rahasia"]) expect(atRest).not.toContain(clear);
    // Its replies are on their way and stall at the Bot API (they never arrive); then it dies.
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill("SIGKILL");
    await first.exited;
    fake.held.delete("sendMessage");
    try {
      const after = fake.calls.length;
      const second = await start();
      await ready(second);
      for (const asker of askers) await fake.waitFor((c) => fake.calls.indexOf(c) >= after && c.method === "sendMessage" && Number(c.payload.chat_id) === asker.id, 30_000);
      for (const asker of askers) expect(fake.callsOf("sendMessage", asker.id)).toHaveLength(1);
      // Handled and compacted away: the log keeps nothing of them.
      for (const deadline = Date.now() + 10_000; fs.readFileSync(log, "utf8") !== "" && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
      expect(fs.readFileSync(log, "utf8")).toBe("");
    } finally {
      release();
    }
  });
});
