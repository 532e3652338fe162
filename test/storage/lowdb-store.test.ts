import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LowdbStore } from "../../src/storage/lowdb-store.ts";
import { StorageError } from "../../src/storage/store.ts";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "store-"));

describe("LowdbStore", () => {
  it("persists document and log collections across reopen", async () => {
    const dir = tmp();
    const store = await LowdbStore.open(dir);
    store.collection<{ n: number }>("chats").set("a", { n: 1 });
    store.collection<{ n: number }>("pledges", { log: true }).set("p", { n: 2 });
    await store.close();
    const again = await LowdbStore.open(dir);
    expect(again.collection<{ n: number }>("chats").get("a")).toEqual({ n: 1 });
    expect(again.collection<{ n: number }>("pledges", { log: true }).get("p")).toEqual({ n: 2 });
    await again.close();
  });

  it("coalesces many writes into few file writes and writes atomically", async () => {
    const dir = tmp();
    const store = await LowdbStore.open(dir);
    const chats = store.collection<number>("chats");
    for (let i = 0; i < 1000; i++) chats.set(String(i), i);
    await store.flush();
    expect(JSON.parse(fs.readFileSync(path.join(dir, "db.json"), "utf8")).chats["999"]).toBe(999);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    await store.close();
  });

  it("refuses a second process on the same data directory", { timeout: 60_000 }, async () => {
    const dir = tmp();
    const store = await LowdbStore.open(dir);
    // Not spawnSync: a blocked event loop would stop this process refreshing its own lock.
    const child = spawn(process.execPath, ["--import", "tsx", "-e", `import { LowdbStore } from "${path.resolve("src/storage/lowdb-store.ts")}"; LowdbStore.open(${JSON.stringify(dir)}, { lock: { waitMs: 0 } }).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); });`]);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(status).toBe(3);
    expect(stderr).toContain("sedang dipakai proses lain");
    await store.close();
  });

  it("stops on a corrupt db.json without overwriting it", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "db.json"), "{ rusak");
    await expect(LowdbStore.open(dir)).rejects.toThrow(StorageError);
    expect(fs.readFileSync(path.join(dir, "db.json"), "utf8")).toBe("{ rusak");
    expect(fs.existsSync(path.join(dir, "asn-netral.lock"))).toBe(false);
  });

  it("tolerates a torn last line in a log (a crash mid-append) but not corruption inside it", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "pledges.jsonl"), '{"k":"a","v":1}\n{"k":"b","v"');
    const store = await LowdbStore.open(dir);
    expect(store.collection<number>("pledges", { log: true }).values()).toEqual([1]);
    await store.close();
    fs.writeFileSync(path.join(dir, "ledger.jsonl"), '{"k":"a","v":1}\nxx\n{"k":"b","v":2}\n');
    const again = await LowdbStore.open(dir);
    expect(() => again.collection("ledger", { log: true })).toThrow(/rusak di baris 2/);
    await again.close();
  });

  it("removes deleted records from the log file, not only from memory", async () => {
    const dir = tmp();
    const store = await LowdbStore.open(dir);
    const pledges = store.collection<{ name: string }>("pledges", { log: true });
    pledges.set("1", { name: "Rahasia Sekali" });
    pledges.delete("1");
    await store.close();
    expect(fs.readFileSync(path.join(dir, "pledges.jsonl"), "utf8")).not.toContain("Rahasia Sekali");
  });
});

describe("log compaction", () => {
  it("keeps writes made while it runs and drops deleted data from the file", async () => {
    const dir = tmp();
    const store = await LowdbStore.open(dir);
    const log = store.collection<{ n: number; name: string }>("pledges", { log: true }) as import("../../src/storage/log-collection.ts").LogCollection<{ n: number; name: string }>;
    for (let i = 0; i < 20_000; i++) log.set(String(i), { n: i, name: `Nama ${i}` });
    log.delete("7");
    const running = log.compact();
    log.set("late", { n: -1, name: "Ditulis saat pemadatan" });
    log.delete("8");
    await running;
    await store.close();
    const text = fs.readFileSync(path.join(dir, "pledges.jsonl"), "utf8");
    expect(text).not.toContain('"Nama 7"');
    expect(text).not.toContain('"Nama 8"');
    const again = await LowdbStore.open(dir);
    const reopened = again.collection<{ n: number }>("pledges", { log: true });
    expect(reopened.size).toBe(19_999);
    expect(reopened.get("late")?.n).toBe(-1);
    expect(reopened.has("8")).toBe(false);
    await again.close();
  });
});
