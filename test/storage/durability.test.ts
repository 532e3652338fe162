import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LowdbStore } from "../../src/storage/lowdb-store.ts";
import { StorageError } from "../../src/storage/store.ts";
import { FaultyDisk } from "../support/faulty-disk.ts";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "durable-"));
const FAST_LOCK = { staleMs: 2000, waitMs: 0 };

describe("a full disk", () => {
  it("a short append is cut back and thrown; the next append and the next start are clean", async () => {
    const dir = tmp();
    const disk = new FaultyDisk();
    const store = await LowdbStore.open(dir, { io: disk, lock: FAST_LOCK });
    const log = store.collection<{ name: string }>("pledges", { log: true });
    log.set("a", { name: "Pertama" });
    disk.roomLeft = 7;
    expect(() => log.set("b", { name: "Terpotong" })).toThrow(StorageError);
    expect(log.has("b")).toBe(false);
    expect(fs.readFileSync(path.join(dir, "pledges.jsonl"), "utf8")).toBe('{"k":"a","v":{"name":"Pertama"}}\n');
    disk.roomLeft = undefined;
    log.set("c", { name: "Sesudahnya" });
    await store.close();
    const again = await LowdbStore.open(dir, { lock: FAST_LOCK });
    expect(again.collection<{ name: string }>("pledges", { log: true }).values()).toEqual([{ name: "Pertama" }, { name: "Sesudahnya" }]);
    await again.close();
  });

  it("a torn last line left by a crash is cut off at start, before anything is appended to it", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "pledges.jsonl"), '{"k":"a","v":1}\n{"k":"b","v"');
    const store = await LowdbStore.open(dir, { lock: FAST_LOCK });
    const log = store.collection<number>("pledges", { log: true });
    expect(log.values()).toEqual([1]);
    log.set("c", 3);
    await store.close();
    expect(fs.readFileSync(path.join(dir, "pledges.jsonl"), "utf8")).toBe('{"k":"a","v":1}\n{"k":"c","v":3}\n');
    const again = await LowdbStore.open(dir, { lock: FAST_LOCK });
    expect(again.collection<number>("pledges", { log: true }).values()).toEqual([1, 3]);
    await again.close();
  });

  it("a failed db.json write rejects flush, is reported, and is retried until it succeeds", async () => {
    const dir = tmp();
    const disk = new FaultyDisk();
    const errors: StorageError[] = [];
    const store = await LowdbStore.open(dir, { io: disk, lock: FAST_LOCK, onWriteError: (e) => errors.push(e) });
    disk.full = true;
    store.collection<number>("reports").set("r1", 1);
    await expect(store.flush()).rejects.toThrow(/disk penuh/);
    expect(errors.length).toBeGreaterThan(0);
    disk.full = false;
    const deadline = Date.now() + 10_000;
    while (!fs.existsSync(path.join(dir, "db.json")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(fs.readFileSync(path.join(dir, "db.json"), "utf8")).reports.r1).toBe(1);
    await store.close();
  });

  it("a full data directory at start-up is one operator line, not a stack trace", async () => {
    const disk = new FaultyDisk();
    disk.full = true;
    await expect(LowdbStore.open(tmp(), { io: disk, lock: FAST_LOCK })).rejects.toThrow(/tidak dapat ditulis \(disk penuh, ENOSPC\)/);
  });

  it("npm start on a read-only DATA_DIR prints one Indonesian line and exits 1", { timeout: 60_000 }, () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), DATA_DIR: "/sys/asn-netral-data" }, encoding: "utf8", input: "" });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^Tidak dapat memulai: DATA_DIR \/sys\/asn-netral-data tidak dapat ditulis/);
  });
});

describe("the data directory lock", { timeout: 60_000 }, () => {
  it("ignores a PID lock file of an earlier version, even one naming PID 1 (always alive in a container)", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, ".lock"), "1");
    const store = await LowdbStore.open(dir, { lock: FAST_LOCK });
    await store.close();
  });

  it("is taken over after its holder is killed (-9), but refused while the holder lives", async () => {
    const dir = tmp();
    const script = `import { LowdbStore } from ${JSON.stringify(path.resolve("src/storage/lowdb-store.ts"))}; await LowdbStore.open(${JSON.stringify(dir)}, { lock: { staleMs: 2000, waitMs: 0 } }); console.log("locked"); setInterval(() => {}, 1000);`;
    const holder = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => holder.stdout!.on("data", (d: Buffer) => d.toString().includes("locked") && resolve()));
    await expect(LowdbStore.open(dir, { lock: FAST_LOCK })).rejects.toThrow(/sedang dipakai proses lain/);
    const exited = new Promise((resolve) => holder.on("exit", resolve));
    holder.kill("SIGKILL");
    await exited;
    const store = await LowdbStore.open(dir, { lock: { staleMs: 2000, waitMs: 10_000 } });
    await store.close();
  });

  it("lets exactly one of two simultaneous starts have it, also when both find a stale lock", async () => {
    const dir = tmp();
    const stale = path.join(dir, "asn-netral.lock");
    fs.mkdirSync(stale);
    const longAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(stale, longAgo, longAgo);
    const results = await Promise.allSettled([LowdbStore.open(dir, { lock: FAST_LOCK }), LowdbStore.open(dir, { lock: FAST_LOCK })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "fulfilled") await r.value.close();
  });
});
