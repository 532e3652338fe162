import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { ChatRegistry } from "../../src/core/broadcast/chats.ts";
import { createLogger } from "../../src/logger.ts";
import { LowdbStore } from "../../src/storage/lowdb-store.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "broadcast-child.ts");
/** Voting day far away: no reminder is due during the benchmark. */
const QUIET_ENV = { LOG_LEVEL: "silent" } as const;

export type BroadcastFigures = { messagesPerSecond: number; calls429: number; duplicates: number; missing: number };

const groupIds = (count: number) => Array.from({ length: count }, (_, i) => -1_000_000_000 - i);

/** Duplicates (deliveries beyond the first) and groups that got nothing, as the fake counted them. */
function audit(fake: FakeTelegram, ids: number[]): { duplicates: number; missing: number } {
  const counts = ids.map((id) => fake.delivered.get(id) ?? 0);
  return { duplicates: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0), missing: counts.filter((n) => n === 0).length };
}

async function registerGroups(dataDir: string, ids: number[]): Promise<void> {
  const store = await LowdbStore.open(dataDir);
  const chats = new ChatRegistry(store, () => new Date());
  for (const id of ids) chats.register(id, "supergroup", `Grup ${-id}`);
  await store.close();
}

/** One broadcast to `count` groups in this process, through the fake enforcing Telegram's ~30/s. */
async function throughput(count: number): Promise<BroadcastFigures> {
  const fake = await FakeTelegram.start({ globalRateLimit: 30 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-broadcast-"));
  const ids = groupIds(count);
  await registerGroups(dataDir, ids);
  const result = loadConfig({ BOT_TOKEN: fake.token, BOT_API_ROOT: fake.apiRoot, DATA_DIR: dataDir, ...QUIET_ENV });
  if (!result.ok) throw new Error(result.problems.join("; "));
  const app = await openApp(result.config, fake.token, { logger: createLogger("silent") });
  const job = app.deps.broadcasts.draft({ kind: "text", text: "Siaran uji: apel netralitas ASN Senin pukul 07.30." });
  const started = performance.now();
  app.deps.broadcasts.start(job.id);
  await app.deps.broadcasts.idle();
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  await fake.stop();
  return { messagesPerSecond: Math.round((count / seconds) * 10) / 10, calls429: fake.rateLimited, ...audit(fake, ids) };
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("benchmark child did not finish")), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The same broadcast in a child process killed with SIGKILL half-way, then a second child resuming it. */
async function killRestart(count: number): Promise<{ duplicates: number; missing: number }> {
  const fake = await FakeTelegram.start({ globalRateLimit: 30 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-broadcast-kill-"));
  const ids = groupIds(count);
  await registerGroups(dataDir, ids);
  const env = { ...process.env, BOT_TOKEN: fake.token, BOT_API_ROOT: fake.apiRoot, DATA_DIR: dataDir, ...QUIET_ENV };
  const spawnChild = (mode: string) => spawn(process.execPath, ["--import", "tsx", CHILD, mode], { env, stdio: "ignore" });
  const delivered = () => ids.reduce((sum, id) => sum + (fake.delivered.get(id) ?? 0), 0);

  const first = spawnChild("start");
  const firstExit = exited(first, 120_000);
  while (delivered() < count / 2) await new Promise((r) => setTimeout(r, 2));
  first.kill("SIGKILL");
  await firstExit;
  const code = await exited(spawnChild("resume"), 120_000);
  await fake.stop();
  if (code !== 0) throw new Error(`resuming child exited with ${code}`);
  return audit(fake, ids);
}

/**
 * Broadcast to 1,000 groups through the fake Bot API with Telegram's global limit (30/s): rate,
 * 429 answers, duplicates and missing groups; then the same with the bot killed (SIGKILL) after
 * about half and restarted on the same data directory.
 */
export async function benchBroadcast(groups = 1000): Promise<BroadcastFigures & { groups: number; killRestart: { duplicates: number; missing: number } }> {
  const run = await throughput(groups);
  return { groups, ...run, killRestart: await killRestart(groups) };
}
