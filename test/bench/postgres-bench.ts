/**
 * The PostgreSQL figures of issue 14, run by `npm run bench` when `DATABASE_URL` is set (each in
 * a fresh schema, dropped afterwards): a million pledges, a broadcast shared by two instances
 * with one killed half-way, the message rate of two instances together against Telegram's
 * limits, and updates spread over two instances.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { ChatRegistry } from "../../src/core/broadcast/chats.ts";
import { createLogger } from "../../src/logger.ts";
import { PostgresStore } from "../../src/storage/postgres-store.ts";
import { FakeTelegram, TELEGRAM_LIMITS } from "../support/fake-telegram.ts";
import { postUpdate, ready, startInstance, type Instance } from "../support/instances.ts";

const DATABASE_URL = process.env.DATABASE_URL;
const SKIPPED = { skipped: "DATABASE_URL is not set" };

async function withSchema<T>(work: (schema: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  try {
    return await work(schema);
  } finally {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return Math.round((sorted[Math.floor((sorted.length - 1) * p)] ?? 0) * 100) / 100;
}

/** A million pledges written by SQL (with their tallies), as a national deployment would hold. */
async function seedPledges(schema: string, count: number): Promise<void> {
  await (await PostgresStore.open(DATABASE_URL!, { schema })).close();
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query(`
    INSERT INTO pledges (receipt, user_id, nip_hash, pledged_at, data)
    SELECT 'IKR-B' || g, 'b' || g, md5(g::text), at, jsonb_build_object(
      'receipt', 'IKR-B' || g, 'userId', 'b' || g, 'nipHash', md5(g::text), 'nipLast4', '0000', 'name', 'Pegawai ' || g,
      'agency', 'Instansi ' || (g % 2000), 'unit', 'Unit', 'province', 'Provinsi ' || (g % 38), 'regency', 'Kota ' || (g % 514),
      'pledgedAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    FROM (SELECT g, now() - (g % 60) * interval '1 day' - (g % 86400) * interval '1 second' AS at FROM generate_series(1, $1) g) s`, [count]);
  await client.query(`INSERT INTO pledge_tallies (kind, key, id, label, count)
    SELECT 'day', d::text, d::text, to_char(to_timestamp(d * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), n
    FROM (SELECT floor((extract(epoch FROM pledged_at) + 7 * 3600) / 86400)::int AS d, count(*) AS n FROM pledges GROUP BY 1) t`);
  for (const [kind, label] of [["agency", "data->>'agency'"], ["region", "(data->>'regency') || ', ' || (data->>'province')"], ["province", "data->>'province'"]]) {
    await client.query(`INSERT INTO pledge_tallies (kind, key, id, label, count)
      SELECT '${kind}', lower(l), substr(encode(sha256(convert_to(lower(l), 'UTF8')), 'hex'), 1, 10), l, n FROM (SELECT ${label} AS l, count(*) AS n FROM pledges GROUP BY 1) t`);
  }
  await client.query("ANALYZE");
  await client.end();
}

/**
 * With 1,000,000 pledges stored: start-up (nothing loaded whole), a new pledge end to end (the
 * "Saya berikrar" update through the bot to its reply, p99 goal ≤ 20 ms) and /statistik (≤ 1 s).
 */
export async function benchPostgresPledges(count = 1_000_000, adds = 300): Promise<Record<string, unknown>> {
  if (!DATABASE_URL) return SKIPPED;
  return withSchema(async (schema) => {
    const seeding = performance.now();
    await seedPledges(schema, count);
    const seedSeconds = Math.round((performance.now() - seeding) / 100) / 10;
    const fake = await FakeTelegram.start();
    const result = loadConfig({ BOT_TOKEN: fake.token, BOT_API_ROOT: fake.apiRoot, DATABASE_URL, DATABASE_SCHEMA: schema, PLEDGE_SECRET: "bench-pledge-secret", STATE_SECRET: "s".repeat(32), ADMIN_IDS: "42" });
    if (!result.ok) throw new Error(result.problems.join("; "));
    const started = performance.now();
    // Telegram's own flood limits (the outbox) are not what is measured here: they are off.
    const app = await openApp(result.config, fake.token, { logger: createLogger("silent"), floodLimits: {} });
    await app.bot.init();
    const startupMs = Math.round(performance.now() - started);
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);

    const times: number[] = [];
    for (let i = 0; i < adds; i++) {
      const userId = 7_000_000 + i;
      const form = { step: "confirm", status: "PNS", name: `Pegawai ${i}`, nip: { hash: `bench-${i}`, last4: "1003", facts: { birthDate: "1985-07-14" } }, agency: "Instansi 7", unit: "Unit", province: "Bali", regency: "Kota Denpasar", updatedAt: new Date().toISOString() } as const;
      await app.deps.pledges.forms.save(String(userId), form);
      const from = { id: userId, is_bot: false, first_name: "U" };
      const t = performance.now();
      await app.bot.handleUpdate({ update_id: i + 1, callback_query: { id: `c${i}`, from, chat_instance: "ci", data: "ikr:ok", message: { message_id: 1, date: 0, chat: { id: userId, type: "private", first_name: "U" }, text: "…" } } } as never);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const stats = performance.now();
    const statistics = await app.deps.pledges.statistics();
    const statisticsMs = Math.round(performance.now() - stats);
    await app.close();
    await fake.stop();
    return { pledges: statistics.total, seedSeconds, startupMs, heapAfterStartMb: heapMb, newPledgeP50Ms: percentile(times, 0.5), newPledgeP99Ms: percentile(times, 0.99), statisticsMs };
  });
}

async function registerGroups(schema: string, ids: number[]): Promise<void> {
  const store = await PostgresStore.open(DATABASE_URL!, { schema, max: 2 });
  const chats = new ChatRegistry(store, () => new Date());
  for (const id of ids) await chats.register(id, "supergroup", `Grup ${-id}`);
  await store.close();
}

async function stopAll(instances: Instance[]): Promise<void> {
  for (const { child } of instances) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(instances.map((i) => i.exited));
}

/** Two instances carry one broadcast to 1,000 groups; one is killed with SIGKILL half-way. */
export async function benchPostgresBroadcast(groups = 1000): Promise<Record<string, unknown>> {
  if (!DATABASE_URL) return SKIPPED;
  return withSchema(async (schema) => {
    const ids = Array.from({ length: groups }, (_, i) => -1_000_000_000_000 - i);
    await registerGroups(schema, ids);
    const fake = await FakeTelegram.start({ latencyMs: 50 });
    const instances = await Promise.all([0, 1].map(() => startInstance(fake, { url: DATABASE_URL, schema }, { ADMIN_IDS: "42", LEASE_SECONDS: "5" })));
    try {
      await Promise.all(instances.map((i) => ready(i)));
      const started = performance.now();
      await startBroadcast(fake, instances[0]!);
      const delivered = () => ids.filter((id) => (fake.delivered.get(id) ?? 0) > 0).length;
      while (delivered() < groups / 2) await new Promise((r) => setTimeout(r, 5));
      instances[0]!.child.kill("SIGKILL");
      await instances[0]!.exited;
      await fake.waitFor((c) => c.method === "editMessageText" && String(c.payload.text).includes("Siaran selesai"), 300_000);
      const seconds = (performance.now() - started) / 1000;
      const counts = ids.map((id) => fake.delivered.get(id) ?? 0);
      return { groups, instances: 2, killed: "SIGKILL after half", seconds: Math.round(seconds * 10) / 10, duplicates: counts.reduce((s, n) => s + Math.max(0, n - 1), 0), missing: counts.filter((n) => n === 0).length };
    } finally {
      await stopAll(instances);
      await fake.stop();
    }
  });
}

/** Starts a broadcast to every registered group from instance 0's admin chat; resolves when "Kirim" was pressed. */
async function startBroadcast(fake: FakeTelegram, instance: Instance): Promise<void> {
  const admin = { id: 42, is_bot: false, first_name: "Admin" };
  const chat = { id: 42, type: "private", first_name: "Admin" };
  await postUpdate(instance, { update_id: 1, message: { message_id: 1, date: 0, chat, from: admin, text: "/siaran Apel netralitas ASN", entities: [{ type: "bot_command", offset: 0, length: 7 }] } });
  const preview = await fake.waitFor((c) => c.method === "sendMessage" && String(c.payload.text).includes("Pratinjau siaran"), 30_000);
  const go = (preview.payload.reply_markup.inline_keyboard as { callback_data?: string }[][]).flat().find((k) => k.callback_data?.startsWith("bc:go:"))!.callback_data!;
  await postUpdate(instance, { update_id: 2, callback_query: { id: "c1", from: admin, chat_instance: "ci", data: go, message: { message_id: 5, date: 0, chat, text: "…" } } });
}

/**
 * Two instances carry one broadcast against a Bot API that enforces Telegram's limits (30 a
 * second per token): the messages both send together, per second, and how many were refused 429.
 */
export async function benchPostgresSharedRate(groups = 600): Promise<Record<string, unknown>> {
  if (!DATABASE_URL) return SKIPPED;
  return withSchema(async (schema) => {
    const ids = Array.from({ length: groups }, (_, i) => -1_000_000_000_000 - i);
    await registerGroups(schema, ids);
    const fake = await FakeTelegram.start({ latencyMs: 50, floodLimits: TELEGRAM_LIMITS });
    const instances = await Promise.all([0, 1].map(() => startInstance(fake, { url: DATABASE_URL, schema }, { ADMIN_IDS: "42" })));
    try {
      await Promise.all(instances.map((i) => ready(i)));
      await startBroadcast(fake, instances[0]!);
      await fake.waitFor((c) => c.method === "editMessageText" && String(c.payload.text).includes("Siaran selesai"), 300_000);
      const messages = fake.calls.filter((c) => c.status === 200 && /^(sendMessage|copyMessage|editMessageText)$/.test(c.method)).map((c) => c.at);
      // The steady part: both instances sending (the second joins within its 5 s poll), ramp-up and tail left out.
      const steady = messages.slice(Math.floor(messages.length * 0.25), Math.floor(messages.length * 0.95));
      const perSecond = (steady.length - 1) / ((steady.at(-1)! - steady[0]!) / 1000);
      let busiestSecond = 0;
      for (let i = 0, j = 0; i < messages.length; i++) {
        while (messages[i]! - messages[j]! >= 1000) j++;
        busiestSecond = Math.max(busiestSecond, i - j + 1);
      }
      const delivered = ids.filter((id) => (fake.delivered.get(id) ?? 0) > 0).length;
      const refusedToGroups = fake.calls.filter((c) => c.status === 429 && Number(c.payload.chat_id) < 0).length;
      return { groups, instances: 2, delivered, messagesPerSecond: Math.round(perSecond * 10) / 10, busiestSecond, refused429: fake.rateLimited, refusedToGroups };
    } finally {
      await stopAll(instances);
      await fake.stop();
    }
  });
}

/** Questions posted to two instances at 500 updates a second, every Bot API call taking 100 ms. */
export async function benchPostgresWebhooks(perSecond = 500, seconds = 6, latencyMs = 100): Promise<Record<string, unknown>> {
  if (!DATABASE_URL) return SKIPPED;
  return withSchema(async (schema) => {
    const fake = await FakeTelegram.start({ latencyMs });
    const instances = await Promise.all([0, 1].map(() => startInstance(fake, { url: DATABASE_URL, schema })));
    try {
      await Promise.all(instances.map((i) => ready(i)));
      const questions = ["PNS boleh like postingan paslon gak?", "boleh foto bareng calon?", "apa sanksi asn tidak netral", "kapan masa tenang pilkada", "cara bikin paspor"];
      const total = perSecond * seconds;
      const started = performance.now();
      const posts: Promise<number>[] = [];
      for (let i = 0; i < total; i++) {
        const due = started + (i / perSecond) * 1000;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const user = { id: 200_000 + i, is_bot: false, first_name: "U" };
        posts.push(postUpdate(instances[i % 2]!, { update_id: i + 1, message: { message_id: i + 1, date: 0, chat: { id: user.id, type: "private", first_name: "U" }, from: user, text: questions[i % questions.length] } }).catch(() => 0));
      }
      const sentWithin = Math.round(performance.now() - started);
      const statuses = await Promise.all(posts);
      const answered = () => new Set(fake.callsOf("sendMessage").map((c) => c.payload.chat_id)).size;
      while (answered() < total && performance.now() - started < 300_000) await new Promise((r) => setTimeout(r, 50));
      return { updates: total, offeredPerSecond: perSecond, postedInMs: sentWithin, latencyMs, accepted: statuses.filter((s) => s === 200).length, answered: answered(), allAnsweredInMs: Math.round(performance.now() - started) };
    } finally {
      await stopAll(instances);
      await fake.stop();
    }
  });
}
