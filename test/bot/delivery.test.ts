import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FloodLimits } from "../../src/bot/outbox.ts";
import { FakeTelegram, type ApiCall } from "../support/fake-telegram.ts";
import { addBot, callsTo, groupChat, registerGroups } from "../support/groups.ts";
import { buttons, Harness } from "../support/harness.ts";

/**
 * Telegram's flood limits scaled down (10 a second in all, 3 in 3 s per group, 2 a second per
 * private chat) so these specs stay short; the bot keeps the same windows, under the global one
 * by the pair it may send at once, so jitter on a loaded machine cannot push it over. Speed
 * targets are measured by `npm run bench`.
 */
const TELEGRAM: FloodLimits = { global: { max: 10, ms: 1000 }, group: { max: 3, ms: 3000 }, private: { max: 2, ms: 1000 } };
const BOT: FloodLimits = { ...TELEGRAM, global: { max: 8, ms: 1000 } };

const ADMIN = 900;
const env = { ADMIN_IDS: String(ADMIN) };
const QUESTIONS = ["PNS boleh like postingan paslon gak?", "boleh foto bareng calon?", "apa sanksi asn tidak netral"];

/** A bot behind a fake Bot API that enforces the scaled-down limits. */
async function startLimited(): Promise<{ fake: FakeTelegram; h: Harness }> {
  const fake = await FakeTelegram.start({ floodLimits: TELEGRAM });
  return { fake, h: await Harness.start({ env, fake, app: { floodLimits: BOT } }) };
}

async function stopLimited({ fake, h }: { fake: FakeTelegram; h: Harness }): Promise<void> {
  await h.stop();
  await fake.stop();
}

/** Successful sendMessage calls to `chatId`. */
const answered = (fake: FakeTelegram, chatId: number) => fake.callsOf("sendMessage", chatId).filter((c) => c.status === 200).length;

function until(h: Harness, after: number, predicate: (c: ApiCall) => boolean, timeoutMs = 20_000): Promise<ApiCall> {
  return h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= after && c.status === 200 && predicate(c), timeoutMs);
}

/** `/siaran <text>` by the admin, then Kirim; resolves with the id and the index Kirim was pressed at. */
async function startBroadcast(h: Harness, text: string): Promise<{ id: string; pressed: number }> {
  const before = h.send(h.user(ADMIN), `/siaran ${text}`);
  const control = await until(h, before, (c) => String(c.payload.text).includes("Pratinjau siaran"));
  const id = buttons(control).find((b) => b.data?.startsWith("bc:go:"))!.data!.slice("bc:go:".length);
  return { id, pressed: h.press(h.user(ADMIN), `bc:go:${id}`, 77) };
}

const summaryOf = (h: Harness, after: number) => until(h, after, (c) => c.method === "editMessageText" && /Siaran (selesai|dihentikan)/.test(String(c.payload.text)), 30_000);

describe("delivery under Telegram's flood limits (end to end, limits scaled down)", () => {
  let fake: FakeTelegram;
  let h: Harness;
  const groups = Array.from({ length: 12 }, (_, i) => -2000 - i);

  beforeAll(async () => ({ fake, h } = await startLimited()));
  afterAll(() => stopLimited({ fake, h }));

  it("the rush: every one of 24 questions asked at once is answered once, within the limits", async () => {
    const users = Array.from({ length: 24 }, (_, i) => h.user(3000 + i));
    users.forEach((user, i) => h.send(user, QUESTIONS[i % QUESTIONS.length]!));
    await Promise.all(users.map((user) => until(h, 0, (c) => c.method === "sendMessage" && Number(c.payload.chat_id) === user.id)));
    await h.idle();
    expect(users.map((user) => answered(fake, user.id))).toEqual(users.map(() => 1));
    expect(fake.rateLimited).toBeLessThanOrEqual(2);
  });

  it("the joins: 12 groups adding the bot at once each get their greeting", async () => {
    for (const id of groups) addBot(h, groupChat(id));
    await Promise.all(groups.map((id) => until(h, 0, (c) => Number(c.payload.chat_id) === id)));
    await h.idle();
    expect(groups.map((id) => answered(fake, id))).toEqual(groups.map(() => 1));
    expect((await Promise.all(groups.map((id) => h.app.deps.chats.get(id)))).every((chat) => chat?.active)).toBe(true);
  });

  it("the broadcast after a storm: Kirim during a rush of questions waits only for the replies, then reaches every group once", async () => {
    const users = Array.from({ length: 15 }, (_, i) => h.user(3100 + i));
    const stormAt = fake.calls.length;
    users.forEach((user, i) => h.send(user, QUESTIONS[i % QUESTIONS.length]!));
    const { pressed } = await startBroadcast(h, "Apel netralitas Senin pukul 07.30");
    const progress = await until(h, pressed, (c) => c.method === "editMessageText" && String(c.payload.text).includes("Mengirim siaran"));
    expect(progress.payload.text).toMatch(new RegExp(`Terkirim: \\d+ · Gagal: 0 · Dalam antrean: \\d+ \\(dari ${groups.length} grup\\)`));
    const summary = await summaryOf(h, pressed);
    expect(summary.payload.text).toContain(`Terkirim: ${groups.length} dari ${groups.length} grup`);
    // Each group now has its greeting and this broadcast: nothing missing, nothing twice.
    expect(groups.map((id) => answered(fake, id))).toEqual(groups.map(() => 2));
    expect(users.map((user) => answered(fake, user.id))).toEqual(users.map(() => 1));
    // Replies to people went first; the broadcast followed at once instead of stalling after the storm.
    const sends = fake.calls.slice(stormAt).filter((c) => c.status === 200 && c.method === "sendMessage");
    const lastReply = sends.map((c) => users.some((u) => u.id === Number(c.payload.chat_id))).lastIndexOf(true);
    const firstGroup = sends.findIndex((c) => groups.includes(Number(c.payload.chat_id)));
    expect(firstGroup).toBeGreaterThan(lastReply - 3);
    expect(sends[firstGroup]!.at - sends[lastReply]!.at).toBeLessThan(5000);
  });

  it("a question during a broadcast is answered ahead of the groups still waiting", async () => {
    const many = Array.from({ length: 24 }, (_, i) => -2100 - i);
    registerGroups(h, many, { province: "Aceh" });
    const { pressed } = await startBroadcast(h, "Siaran panjang untuk semua grup");
    await until(h, pressed, (c) => many.includes(Number(c.payload.chat_id)));
    const asked = h.send(h.user(3200), "boleh foto bareng calon?");
    const answer = await until(h, asked, (c) => Number(c.payload.chat_id) === 3200);
    const groupSendsMeanwhile = fake.calls.slice(asked, fake.calls.indexOf(answer)).filter((c) => many.includes(Number(c.payload.chat_id)));
    expect(groupSendsMeanwhile.length).toBeLessThanOrEqual(5); // at most the sends already in flight
    const summary = await summaryOf(h, pressed);
    expect(summary.payload.text).toContain(`Terkirim: ${many.length + groups.length} dari ${many.length + groups.length} grup`);
  });

  it("shows the outgoing queue and the broadcasts with /siaran status", async () => {
    const status = await until(h, h.send(h.user(ADMIN), "/siaran status"), (c) => Number(c.payload.chat_id) === ADMIN);
    expect(status.payload.text).toContain("Antrean ke Telegram: 0 balasan ke pengguna");
    expect(status.payload.text).toContain("Siaran panjang untuk semua grup");
  });
});

describe("a message fails only for a reason other than rate limits (end to end, limits on)", () => {
  let fake: FakeTelegram;
  let h: Harness;

  beforeAll(async () => ({ fake, h } = await startLimited()));
  afterAll(() => stopLimited({ fake, h }));

  it("a reply refused with 429 more often than auto-retry's old cap of five is still delivered", async () => {
    for (let i = 0; i < 7; i++) fake.failures.push({ method: "sendMessage", status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 0", parameters: { retry_after: 0 } } });
    const reply = await h.ask(h.user(4000), "boleh foto bareng calon?");
    expect(reply.status).toBe(200);
    expect(fake.failures).toHaveLength(0);
  });

  it("a blocked group is deactivated and a migrated group gets it at its new id; the rest still arrive", async () => {
    const ids = [-3001, -3002, -3003, -3004, -3005];
    registerGroups(h, ids);
    fake.blocked.add(-3002);
    fake.migrated.set(-3003, -1003003);
    const { pressed } = await startBroadcast(h, "Pengumuman resmi netralitas");
    const summary = await summaryOf(h, pressed);
    expect(summary.payload.text).toContain("Terkirim: 4 dari 5 grup");
    expect(summary.payload.text).toContain("Bot diblokir/dikeluarkan: 1");
    expect(summary.payload.text).toContain("Grup pindah ke supergrup: 1");
    expect((await h.app.deps.chats.get(-3002))?.active).toBe(false);
    expect((await h.app.deps.chats.get(-1003003))?.active).toBe(true);
    expect([-3001, -1003003, -3004, -3005].map((id) => fake.delivered.get(id))).toEqual([1, 1, 1, 1]);
  });

  it("a 400 fails that group alone, logged with Telegram's reason; the rest still arrive", async () => {
    const ids = [-3201, -3202, -3203];
    registerGroups(h, ids, { province: "Papua" });
    const before = h.send(h.user(ADMIN), "/siaran Khusus Papua");
    const control = await until(h, before, (c) => String(c.payload.text).includes("Pratinjau siaran"));
    const id = buttons(control).find((b) => b.data?.startsWith("bc:go:"))!.data!.slice("bc:go:".length);
    await until(h, h.press(h.user(ADMIN), `bc:pv:${id}:papua`, 77), (c) => c.method === "editMessageText");
    fake.failures.push({ method: "sendMessage", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" } });
    const summary = await summaryOf(h, h.press(h.user(ADMIN), `bc:go:${id}`, 77));
    expect(summary.payload.text).toContain("Terkirim: 2 dari 3 grup");
    expect(summary.payload.text).toContain("Gagal: 1");
    expect(h.logs.some((line) => line.includes("message refused by Telegram") && line.includes("Bad Request: chat not found"))).toBe(true);
    expect(ids.map((id) => callsTo(h, id).filter((c) => c.status === 200).length).sort()).toEqual([0, 1, 1]);
  });
});

describe("the delivery service's dependencies point one way", () => {
  it("knows no feature and not the bot's context: features and app.ts supply the wording", () => {
    for (const file of ["delivery.ts", "outbox.ts"]) {
      const source = fs.readFileSync(path.join(import.meta.dirname, "../../src/bot", file), "utf8");
      const imports = [...source.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
      expect(imports.filter((from) => from!.includes("features/") || from!.endsWith("context.ts")), file).toEqual([]);
    }
  });
});
