import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "@grammyjs/runner";
import { openApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { ChatRegistry } from "../../src/core/broadcast/chats.ts";
import { createLogger } from "../../src/logger.ts";
import { LowdbSharedStore } from "../../src/storage/lowdb-shared.ts";
import { TELEGRAM_LIMITS } from "../support/fake-telegram.ts";
import { FakeProcess, type CallRecord } from "./fake-process.ts";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "broadcast-child.ts");
const ADMIN = 900;
/** Quiet logs; the admin who presses "Kirim". */
const QUIET_ENV = { LOG_LEVEL: "silent", ADMIN_IDS: String(ADMIN) } as const;
const QUESTIONS = ["PNS boleh like postingan paslon gak?", "boleh foto bareng calon?", "apa sanksi asn tidak netral", "kapan masa tenang pilkada", "cara bikin paspor"];
const TEXT = "Siaran uji: apel netralitas ASN Senin pukul 07.30.";

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const groupIds = (count: number, first: number) => Array.from({ length: count }, (_, i) => first - i);
const isMessage = (c: CallRecord) => c.method === "sendMessage" || c.method === "copyMessage";

let nextId = 1;
const user = (id: number) => ({ id, is_bot: false, first_name: "U" });
const question = (from: number, text: string) => ({ message: { message_id: nextId++, date: 0, chat: { id: from, type: "private" }, from: user(from), text } });
const command = (from: number, text: string) => ({ message: { ...question(from, text).message, entities: [{ type: "bot_command", offset: 0, length: text.indexOf(" ") }] } });
const press = (from: number, data: string) => ({ callback_query: { id: `cb${nextId++}`, from: user(from), chat_instance: "ci", data, message: { message_id: 1, date: 0, chat: { id: from, type: "private" }, text: "…" } } });
const joined = (chatId: number, botInfo: Record<string, unknown>) => ({
  my_chat_member: { chat: { id: chatId, type: "supergroup", title: `Grup ${-chatId}` }, from: user(4242), date: 0, old_chat_member: { user: botInfo, status: "left" }, new_chat_member: { user: botInfo, status: "member" } },
});

/**
 * The fake's call log, copied over IPC a slice at a time (only what is new) every 100 ms, so
 * watching it costs the bot under test next to nothing.
 */
class CallLog {
  readonly calls: CallRecord[] = [];
  constructor(private readonly fake: FakeProcess) {}

  async refresh(): Promise<CallRecord[]> {
    this.calls.push(...(await this.fake.calls(this.calls.length)));
    return this.calls;
  }

  /** Waits until `done` holds for the calls from index `from` on, and returns those calls. */
  async until(from: number, done: (calls: CallRecord[]) => boolean, timeoutMs = 300_000): Promise<CallRecord[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const calls = (await this.refresh()).slice(from);
      if (done(calls)) return calls;
      if (Date.now() > deadline) throw new Error("benchmark timed out waiting for the fake Bot API");
      await sleep(100);
    }
  }
}

/** Successful messages to each chat of `ids`, and how many got fewer or more than `expected`. */
function audit(calls: CallRecord[], ids: number[], expected = 1): { duplicated: number; missing: number } {
  const counts = new Map<number, number>();
  for (const c of calls) if (isMessage(c) && c.status === 200) counts.set(c.chat, (counts.get(c.chat) ?? 0) + 1);
  const per = ids.map((id) => counts.get(id) ?? 0);
  return { duplicated: per.reduce((sum, n) => sum + Math.max(0, n - expected), 0), missing: per.reduce((sum, n) => sum + Math.max(0, expected - n), 0) };
}

/** Messages a second between the 10th and the 90th percentile of `times`: the sustained rate, start-up and tail left out. */
function sustained(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const lo = Math.floor(sorted.length * 0.1);
  const hi = Math.floor(sorted.length * 0.9);
  return round((hi - lo) / (((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) / 1000));
}

/** 1,000 people ask at once: how many are answered, how fast, and how many calls Telegram refused. */
async function rush(fake: FakeProcess, log: CallLog, count: number) {
  const from = (await log.refresh()).length;
  const askers = Array.from({ length: count }, (_, i) => 100_000 + i);
  const pushed = Date.now();
  await fake.push(askers.map((id, i) => question(id, QUESTIONS[i % QUESTIONS.length]!)));
  const set = new Set(askers);
  const replies = (calls: CallRecord[]) => calls.filter((c) => c.method === "sendMessage" && c.status === 200 && set.has(c.chat));
  const calls = await log.until(from, (cs) => replies(cs).length >= count);
  const answered = replies(calls);
  const messages = calls.filter(isMessage);
  const refused = messages.filter((c) => c.status === 429).length;
  return {
    questions: count,
    answered: new Set(answered.map((c) => c.chat)).size,
    repliesPerSecond: round(count / ((Math.max(...answered.map((c) => c.at)) - pushed) / 1000)),
    sustainedPerSecond: sustained(answered.map((c) => c.at)),
    calls429Percent: round((100 * refused) / messages.length, 2),
  };
}

/** 300 groups add the bot at once, then the admin broadcasts to them: greetings, then the broadcast's start, rate and accuracy. */
async function joinsThenBroadcast(fake: FakeProcess, log: CallLog, app: App, count: number) {
  const groups = groupIds(count, -1_000_000_000);
  let from = (await log.refresh()).length;
  await fake.push(groups.map((id) => joined(id, app.bot.botInfo as unknown as Record<string, unknown>)));
  const greeted = await log.until(from, (cs) => audit(cs, groups).missing === 0);
  const greetings = count - audit(greeted, groups).missing;

  from = (await log.refresh()).length;
  await fake.push([command(ADMIN, `/siaran ${TEXT}`)]);
  await log.until(from, (cs) => cs.filter((c) => c.chat === ADMIN && c.status === 200).length >= 2); // preview and controls
  const job = (await app.deps.broadcasts.list())[0]!;
  from = (await log.refresh()).length;
  const kirim = Date.now();
  await fake.push([press(ADMIN, `bc:go:${job.id}`)]);
  while ((await app.deps.broadcasts.get(job.id))?.status !== "done") await sleep(20);
  await app.deps.broadcasts.idle();
  const calls = (await log.refresh()).slice(from);
  const sends = calls.filter((c) => isMessage(c) && c.status === 200 && c.chat < 0).map((c) => c.at);
  const first = Math.min(...sends);
  return {
    groups: count,
    greetings,
    firstSendAfterKirimMs: first - kirim,
    messagesPerSecond: round((sends.length - 1) / ((Math.max(...sends) - first) / 1000)),
    ...audit(calls, groups),
  };
}

/** People keep asking while a broadcast to 1,000 groups runs: how long each waits for the answer. */
async function questionDuringBroadcast(fake: FakeProcess, log: CallLog, app: App, count: number, questions: number) {
  const groups = groupIds(count, -2_000_000_000);
  for (const id of groups) await app.deps.chats.register(id, "supergroup", `Grup ${-id}`, { province: "Aceh", timezone: "WIB" });
  const from = (await log.refresh()).length;
  const job = await app.deps.broadcasts.draft({ kind: "text", text: TEXT });
  await app.deps.broadcasts.setFilter(job.id, { province: "Aceh" });
  const started = Date.now();
  await app.deps.broadcasts.start(job.id);
  const asked = new Map<number, number>();
  for (let i = 0; i < questions; i++) {
    await sleep(400);
    const id = 200_000 + i;
    asked.set(id, Date.now());
    await fake.push([question(id, QUESTIONS[i % 4]!)]);
  }
  await app.deps.broadcasts.idle();
  const calls = await log.until(from, (cs) => [...asked.keys()].every((id) => cs.some((c) => c.chat === id && c.status === 200)));
  const waits = [...asked].map(([id, at]) => calls.find((c) => c.chat === id && c.status === 200)!.at - at).sort((a, b) => a - b);
  const sends = calls.filter((c) => isMessage(c) && c.status === 200 && groups.includes(c.chat)).map((c) => c.at);
  return {
    groups: count,
    questions,
    answerP50Ms: waits[Math.floor(waits.length * 0.5)],
    answerP95Ms: waits[Math.ceil(waits.length * 0.95) - 1],
    broadcastSeconds: round((Math.max(...sends) - started) / 1000),
    messagesPerSecond: sustained(sends),
    ...audit(calls, groups),
  };
}

async function registerGroups(dataDir: string, ids: number[]): Promise<void> {
  const store = await LowdbSharedStore.open(dataDir);
  const chats = new ChatRegistry(store, () => new Date());
  for (const id of ids) await chats.register(id, "supergroup", `Grup ${-id}`);
  await store.close();
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

/** A broadcast in a child process killed with SIGKILL half-way, then a second child resuming it. */
async function killRestart(count: number) {
  const fake = await FakeProcess.start({ floodLimits: TELEGRAM_LIMITS });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-broadcast-kill-"));
  const groups = groupIds(count, -1_000_000_000);
  await registerGroups(dataDir, groups);
  const log = new CallLog(fake);
  // This is the embedded store's resume: a DATABASE_URL set for the PostgreSQL bench must not reach the children.
  const { DATABASE_URL: _postgres, ...inherited } = process.env;
  const env = { ...inherited, BOT_TOKEN: fake.token, BOT_API_ROOT: fake.apiRoot, DATA_DIR: dataDir, ...QUIET_ENV };
  const spawnChild = (mode: string) => spawn(process.execPath, ["--import", "tsx", CHILD, mode], { env, stdio: "ignore" });
  const first = spawnChild("start");
  const firstExit = exited(first, 300_000);
  const before = await log.until(0, (cs) => cs.filter((c) => isMessage(c) && c.status === 200).length >= count / 2, 300_000);
  first.kill("SIGKILL");
  await firstExit;
  const code = await exited(spawnChild("resume"), 300_000);
  const calls = await log.refresh();
  fake.stop();
  if (code !== 0) throw new Error(`resuming child exited with ${code}`);
  return { groups: count, killedAfter: before.filter((c) => isMessage(c) && c.status === 200).length, ...audit(calls, groups) };
}

/**
 * Issue 11's targets, through the fake Bot API (in its own process) enforcing Telegram's flood
 * limits: a rush of questions, groups joining then a broadcast to them, questions during a long
 * broadcast, and a broadcast killed with SIGKILL and resumed.
 */
export async function benchDelivery(options = { rush: 1000, joins: 300, broadcast: 1000, questions: 30 }) {
  const fake = await FakeProcess.start({ floodLimits: TELEGRAM_LIMITS });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-delivery-"));
  const result = loadConfig({ BOT_TOKEN: fake.token, BOT_API_ROOT: fake.apiRoot, DATA_DIR: dataDir, ...QUIET_ENV });
  if (!result.ok) throw new Error(result.problems.join("; "));
  const app = await openApp(result.config, fake.token, { logger: createLogger("silent") });
  await app.bot.init();
  const runner = run(app.bot, { runner: { fetch: { timeout: 1 } } });
  const log = new CallLog(fake);
  try {
    const figures = {
      rush: await rush(fake, log, options.rush),
      joinsThenBroadcast: await joinsThenBroadcast(fake, log, app, options.joins),
      questionDuringBroadcast: await questionDuringBroadcast(fake, log, app, options.broadcast, options.questions),
    };
    await runner.stop();
    await app.close();
    return { ...figures, killRestart: await killRestart(options.broadcast) };
  } finally {
    if (runner.isRunning()) await runner.stop();
    fake.stop();
  }
}
