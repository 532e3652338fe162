import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatRegistry } from "../../src/core/broadcast/chats.ts";
import { PostgresStore } from "../../src/storage/postgres-store.ts";
import { FakeTelegram, type ApiCall } from "../support/fake-telegram.ts";
import { startInstance, postUpdate, ready, type Instance } from "../support/instances.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from "../support/postgres.ts";

/**
 * Two bot processes in webhook mode sharing one PostgreSQL schema, behind no load balancer: each
 * update is posted to whichever instance the test picks, as nginx would spread them.
 */
const ADMIN = 42;
const NIP = "198507142010011003";
const GROUPS = Array.from({ length: 100 }, (_, i) => -5000 - i);

describe.skipIf(!TEST_DATABASE_URL)("two instances in webhook mode sharing PostgreSQL", { timeout: 120_000 }, () => {
  const schema = uniqueSchema("e2e");
  let fake: FakeTelegram;
  let nextId = 1;
  const instances: Instance[] = [];

  async function start(): Promise<Instance> {
    const instance = await startInstance(fake, { url: TEST_DATABASE_URL!, schema }, { ADMIN_IDS: String(ADMIN), LEASE_SECONDS: "3" });
    instances.push(instance);
    return instance;
  }

  async function post(instance: Instance, update: Record<string, unknown>): Promise<number> {
    const before = fake.calls.length;
    expect(await postUpdate(instance, { update_id: nextId++, ...update })).toBe(200);
    return before;
  }

  const user = (id: number) => ({ id, is_bot: false, first_name: "Uji" });
  const text = (instance: Instance, from: number, body: string) =>
    post(instance, {
      message: { message_id: nextId++, date: 0, chat: { id: from, type: "private", first_name: "Uji" }, from: user(from), text: body, ...(body.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: body.split(" ")[0]!.length }] } : {}) },
    });
  const press = (instance: Instance, from: number, data: string, messageId = 1) =>
    post(instance, { callback_query: { id: `cb${nextId++}`, from: user(from), chat_instance: "ci", data, message: { message_id: messageId, date: 0, chat: { id: from, type: "private" }, text: "…" } } });

  /** The bot's next message to `chat` after call index `after` containing `expected`. */
  const reply = (after: number, chat: number, expected: string): Promise<ApiCall> =>
    fake.waitFor((c) => fake.calls.indexOf(c) >= after && c.method === "sendMessage" && Number(c.payload.chat_id) === chat && String(c.payload.text).includes(expected), 20_000);

  beforeAll(async () => {
    fake = await FakeTelegram.start({ latencyMs: 40 });
    const [a, b] = await Promise.all([start(), start()]);
    await Promise.all([ready(a), ready(b)]);
  });

  afterAll(async () => {
    for (const { child } of instances) if (child.exitCode === null) child.kill("SIGKILL");
    await Promise.all(instances.map((i) => i.exited));
    await fake?.stop();
    await dropSchema(schema);
  });

  it("continues a pledge form on whichever instance gets the next update, and both know the pledge", async () => {
    const [a, b] = instances as [Instance, Instance];
    await reply(await text(a, 501, "/ikrar"), 501, "Langkah 1/7");
    await reply(await press(b, 501, "ikr:st:PNS"), 501, "Langkah 2/7");
    await reply(await text(a, 501, "Maria Goreti"), 501, "Langkah 3/7");
    await reply(await text(b, 501, NIP), 501, "Langkah 4/7");
    await reply(await text(a, 501, "Pemerintah Kabupaten Lembata"), 501, "Langkah 5/7");
    await reply(await text(b, 501, "Dinas Pendidikan"), 501, "Langkah 6/7");
    await reply(await text(a, 501, "NTT"), 501, "Langkah 7/7");
    await reply(await text(b, 501, "Lembata"), 501, "Periksa kembali");
    await reply(await press(a, 501, "ikr:ok"), 501, "ikrar Anda tercatat");
    await reply(await text(b, 501, "/ikrar"), 501, "Anda sudah berikrar");
    // The same NIP from another account, on the other instance: refused.
    await reply(await text(b, 502, "/ikrar"), 502, "Langkah 1/7");
    await reply(await press(a, 502, "ikr:st:PNS"), 502, "Langkah 2/7");
    await reply(await text(b, 502, "Budi Santoso"), 502, "Langkah 3/7");
    await reply(await text(a, 502, NIP), 502, "sudah dipakai untuk ikrar");
  });

  it("keeps a report draft across instances (sealed at rest) and limits /cek guesses across them", async () => {
    const [a, b] = instances as [Instance, Instance];
    await reply(await text(a, 601, "/lapor"), 601, "");
    await press(b, 601, "lp:kat:kampanye");
    await reply(await text(a, 601, "Kepala dinas mengajak staf hadir di kampanye rahasia_xyz"), 601, "");
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    const { rows } = await client.query(`SELECT value::text AS v FROM "${schema}".expiring`);
    await client.end();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.v).join()).not.toContain("rahasia_xyz");
    await press(b, 601, "lp:batal");
    for (let i = 0; i < 5; i++) await reply(await text(i % 2 ? a : b, 602, "/cek AAAA-BBBB-CCCC"), 602, "Kode tidak ditemukan");
    await reply(await text(a, 602, "/cek AAAA-BBBB-CCCD"), 602, "Terlalu banyak percobaan");
  });

  it("shares a broadcast between the instances; when one is killed the other finishes it", async () => {
    const store = await PostgresStore.open(TEST_DATABASE_URL!, { schema, max: 2 });
    const chats = new ChatRegistry(store, () => new Date());
    for (const id of GROUPS) await chats.register(id, "supergroup", `Grup ${-id}`);
    await store.close();
    const [a, b] = instances as [Instance, Instance];
    const preview = await reply(await text(a, ADMIN, "/siaran Apel netralitas ASN Senin pukul 07.30"), ADMIN, "Pratinjau siaran");
    const go = (preview.payload.reply_markup.inline_keyboard as { callback_data?: string }[][]).flat().find((k) => k.callback_data?.startsWith("bc:go:"))!.callback_data!;
    await press(b, ADMIN, go, 77);
    const delivered = () => GROUPS.filter((id) => (fake.delivered.get(id) ?? 0) > 0).length;
    while (delivered() < 30) await new Promise((r) => setTimeout(r, 20));
    b.child.kill("SIGKILL");
    await b.exited;
    await fake.waitFor((c) => c.method === "editMessageText" && String(c.payload.text).includes("Siaran selesai"), 60_000);
    const counts = GROUPS.map((id) => fake.delivered.get(id) ?? 0);
    expect(counts.filter((n) => n === 0)).toHaveLength(0);
    // A message on its way when the instance died is never sent again (counted "belum pasti").
    expect(counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0)).toBe(0);
  });

  it("moves the reminder scheduler to the other instance when the leader is killed", async () => {
    const c = await start();
    await ready(c);
    const a = instances[0]!;
    const leader = async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      const { rows } = await client.query<{ holder: string; expires_at: Date }>(`SELECT holder, expires_at FROM "${schema}".leases WHERE name = 'reminder-scheduler'`);
      await client.end();
      return rows[0];
    };
    const pidOf = (holder: string | undefined) => Number(holder?.split("/")[1]);
    let current = await leader();
    const killed = [a, c].find((i) => i.child.pid === pidOf(current?.holder))!;
    const survivor = killed === a ? c : a;
    expect(killed).toBeDefined();
    killed.child.kill("SIGKILL");
    await killed.exited;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && pidOf(current?.holder) !== survivor.child.pid; ) {
      await new Promise((r) => setTimeout(r, 250));
      current = await leader();
    }
    expect(pidOf(current?.holder)).toBe(survivor.child.pid);
  });

  it("loses nothing acknowledged when an instance is killed mid-way: another answers, nothing readable stays stored", async () => {
    const survivor = instances.find((i) => i.child.exitCode === null)!;
    const doomed = await start();
    await ready(doomed);
    const askers = Array.from({ length: 6 }, (_, i) => ({ id: 880_001 + i, is_bot: false, first_name: `Sulastri${i}`, username: `saksi_rahasia_${i}` }));
    // The Bot API stalls: the doomed instance acknowledges every question and is still handling them.
    let release = () => {};
    fake.held.set("sendMessage", new Promise<void>((resolve) => (release = resolve)));
    for (const asker of askers) {
      const update = { update_id: nextId++, message: { message_id: nextId, date: 0, chat: { id: asker.id, type: "private", first_name: asker.first_name, username: asker.username }, from: asker, text: "boleh foto bareng calon bupati_rahasia?" } };
      expect(await postUpdate(doomed, update)).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    const stored = async () => (await client.query<{ row: string }>(`SELECT row_to_json(u)::text AS row FROM "${schema}".inbound_updates u`)).rows.map((r) => r.row).join("\n");
    const unhandled = async () => Number((await client.query(`SELECT count(*) AS n FROM "${schema}".inbound_updates WHERE handled_at IS NULL`)).rows[0].n);
    try {
      const atRest = await stored();
      expect(await unhandled()).toBe(askers.length);
      for (const clear of ["880001", "Sulastri", "saksi_rahasia", "bupati_rahasia"]) expect(atRest).not.toContain(clear);
      doomed.child.kill("SIGKILL");
      await doomed.exited;
      // The doomed instance's calls stay stalled for good (they never reached Telegram); new ones pass.
      fake.held.delete("sendMessage");
      const after = fake.calls.length;
      for (const asker of askers) await fake.waitFor((c) => fake.calls.indexOf(c) >= after && c.method === "sendMessage" && Number(c.payload.chat_id) === asker.id, 30_000);
      expect(survivor.child.exitCode).toBeNull();
      for (const asker of askers) expect(fake.callsOf("sendMessage", asker.id)).toHaveLength(1);
      // Handled: content and sender gone at once; only the bare update ids stay (for an hour).
      for (const deadline = Date.now() + 10_000; (await unhandled()) > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
      expect(await unhandled()).toBe(0);
      expect(await stored()).not.toMatch(/"sealed":"|"key":"/);
    } finally {
      release();
      await client.end();
    }
  });
});
