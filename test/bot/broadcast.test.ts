import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callsTo, registerGroups } from "../support/groups.ts";
import { FakeTelegram, type ApiCall } from "../support/fake-telegram.ts";
import { buttons, Harness } from "../support/harness.ts";

const ADMIN = 900;
const env = { ADMIN_IDS: String(ADMIN) };

/** The first call after `after` matching `predicate`, waiting for it. */
function nextCall(h: Harness, after: number, predicate: (c: ApiCall) => boolean, timeoutMs = 5000): Promise<ApiCall> {
  return h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= after && c.status !== 429 && predicate(c), timeoutMs);
}

const textHas = (part: string) => (c: ApiCall) => typeof c.payload.text === "string" && c.payload.text.includes(part);

/** `/siaran <text>` by the admin: returns the preview controls and the job id in their buttons. */
async function draft(h: Harness, command: string, extra: Record<string, unknown> = {}) {
  const before = h.send(h.user(ADMIN), command, undefined, extra);
  const control = await nextCall(h, before, textHas("Pratinjau siaran"));
  const go = buttons(control).find((b) => b.data?.startsWith("bc:go:"))!;
  return { before, control, id: go.data!.slice("bc:go:".length) };
}

/** Presses Kirim and waits for the final summary. */
async function send(h: Harness, id: string, timeoutMs = 5000): Promise<ApiCall> {
  const before = h.press(h.user(ADMIN), `bc:go:${id}`, 77);
  return nextCall(h, before, (c) => c.method === "editMessageText" && /Siaran (selesai|dihentikan)/.test(String(c.payload.text)), timeoutMs);
}

const deliveredTo = (h: Harness, ids: number[]) => ids.map((id) => h.fake.delivered.get(id) ?? 0);

describe("admin broadcast /siaran (end to end through the fake Bot API)", () => {
  let h: Harness;
  const WIB = [-501, -502];
  const WIT = [-503];

  beforeAll(async () => {
    h = await Harness.start({ env });
    await registerGroups(h, WIB);
    await registerGroups(h, WIT, { province: "Papua", timezone: "WIT" });
  });
  afterAll(() => h.stop());

  it("refuses a non-admin and sends nothing", async () => {
    const reply = await h.ask(h.user(901), "/siaran Halo semua");
    expect(reply.payload.text).toContain("hanya untuk admin");
    const ack = await h.next(h.press(h.user(901), "bc:go:abc123"), "answerCallbackQuery");
    expect(ack.payload.text).toContain("hanya untuk admin");
    await h.idle();
    expect(deliveredTo(h, [...WIB, ...WIT])).toEqual([0, 0, 0]);
  });

  it("shows a preview with the number of groups, filters by time zone, and cancels without sending", async () => {
    const entities = [
      { type: "bot_command", offset: 0, length: 7 },
      { type: "bold", offset: 8, length: 5 },
    ];
    const { before, control, id } = await draft(h, "/siaran Rapat koordinasi netralitas besok pukul 09.00", { entities });
    const preview = await h.next(before, "sendMessage", ADMIN);
    expect(preview.payload.text).toBe("Rapat koordinasi netralitas besok pukul 09.00");
    expect(preview.payload.entities).toEqual([{ type: "bold", offset: 0, length: 5 }]);
    expect(control.payload.text).toContain("3 grup");
    expect(control.status).toBe(200);
    const provinces = await h.next(h.press(h.user(ADMIN), `bc:pg:${id}:1`, 77), "editMessageText");
    expect(provinces.status).toBe(200);
    expect(buttons(provinces).some((b) => b.data === `bc:pv:${id}:daerah-istimewa-yogyakarta`)).toBe(true);

    const wit = await h.next(h.press(h.user(ADMIN), `bc:f:${id}:WIT`, 77), "editMessageText");
    expect(wit.payload.text).toContain("1 grup");
    expect(wit.payload.text).toContain("WIT");
    const cancelled = await h.next(h.press(h.user(ADMIN), `bc:no:${id}`, 77), "editMessageText");
    expect(cancelled.payload.text).toContain("dibatalkan");
    const late = await h.next(h.press(h.user(ADMIN), `bc:go:${id}`, 77), "answerCallbackQuery");
    expect(late.payload.text).toContain("sudah dikirim atau dibatalkan");
    await h.idle();
    expect(deliveredTo(h, [...WIB, ...WIT])).toEqual([0, 0, 0]);
  });

  it("sends to every active group once, shows progress and a summary; a second Kirim sends nothing", async () => {
    const { id } = await draft(h, "/siaran Pengumuman: apel netralitas Senin pagi");
    const summary = await send(h, id);
    expect(summary.payload.text).toContain("Siaran selesai");
    expect(summary.payload.text).toContain("Terkirim: 3 dari 3 grup");
    expect(deliveredTo(h, [...WIB, ...WIT])).toEqual([1, 1, 1]);
    expect(callsTo(h, -501)[0]?.payload.text).toBe("Pengumuman: apel netralitas Senin pagi");
    const again = await h.next(h.press(h.user(ADMIN), `bc:go:${id}`, 77), "answerCallbackQuery");
    expect(again.payload.text).toContain("sudah dikirim");
    await h.idle();
    expect(deliveredTo(h, [...WIB, ...WIT])).toEqual([1, 1, 1]);
  });

  it("copies a replied-to photo to the groups of one province", async () => {
    const photo = { message_id: 5555, date: 0, chat: { id: ADMIN, type: "private" }, from: h.user(ADMIN), photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] };
    const { before, id } = await draft(h, "/siaran", { reply_to_message: photo });
    const preview = await h.next(before, "copyMessage", ADMIN);
    expect(preview.payload).toMatchObject({ from_chat_id: ADMIN, message_id: 5555 });
    const province = await h.next(h.press(h.user(ADMIN), `bc:pv:${id}:papua`, 77), "editMessageText");
    expect(province.payload.text).toContain("1 grup");
    await send(h, id);
    expect(callsTo(h, -503, "copyMessage")).toEqual([expect.objectContaining({ status: 200, payload: expect.objectContaining({ from_chat_id: ADMIN, message_id: 5555 }) })]);
    expect(callsTo(h, -501, "copyMessage")).toHaveLength(0);
  });

  it("deactivates a group that blocked the bot and delivers to a migrated group at its new id", async () => {
    await registerGroups(h, [-504, -505], { province: "Bali", timezone: "WITA" });
    h.fake.blocked.add(-504);
    h.fake.migrated.set(-505, -1000505);
    const { id } = await draft(h, "/siaran Khusus Bali");
    await h.next(h.press(h.user(ADMIN), `bc:pv:${id}:bali`, 77), "editMessageText");
    const summary = await send(h, id);
    expect(summary.payload.text).toContain("Terkirim: 1 dari 2 grup");
    expect(summary.payload.text).toContain("Bot diblokir/dikeluarkan: 1");
    expect(summary.payload.text).toContain("Grup pindah ke supergrup: 1");
    expect((await h.app.deps.chats.get(-504))?.active).toBe(false);
    expect(await h.app.deps.chats.get(-1000505)).toMatchObject({ active: true, province: "Bali" });
    expect(h.fake.delivered.get(-1000505)).toBe(1);
  });

  it("never resends a group a dead process's request was on its way to: counted 'belum pasti'", async () => {
    const { id } = await draft(h, "/siaran Siaran setelah mati mendadak");
    const before = deliveredTo(h, [-501, -502]);
    // What a process killed right after its request to -502 left behind.
    await h.app.deps.store.records("broadcast-deliveries").set(`${id}/-502`, { status: "sending", at: new Date().toISOString(), holder: "host/1/dead00", until: new Date(0).toISOString() });
    const summary = await send(h, id);
    expect(summary.payload.text).toContain("Terkirim: 3 dari 4 grup");
    expect(summary.payload.text).toContain("Belum pasti: 1");
    expect(deliveredTo(h, [-501, -502])).toEqual([before[0]! + 1, before[1]]);
    expect((await h.ask(h.user(ADMIN), "/siaran status")).payload.text).toContain("belum pasti 1");
  });

  it("lists past broadcasts with /siaran status", async () => {
    const status = await h.ask(h.user(ADMIN), "/siaran status");
    expect(status.payload.text).toContain("selesai");
    expect(status.payload.text).toContain("Pengumuman: apel netralitas");
    expect(status.payload.text).toContain("terkirim 3 dari 3");
  });

  it("explains what to type when /siaran has neither text nor reply, or both", async () => {
    expect((await h.ask(h.user(ADMIN), "/siaran")).payload.text).toContain("balas (reply)");
    const reply = { reply_to_message: { message_id: 1, date: 0, chat: { id: ADMIN, type: "private" }, text: "x" } };
    const before = h.send(h.user(ADMIN), "/siaran teks juga", undefined, reply);
    expect((await h.next(before, "sendMessage", ADMIN)).payload.text).toContain("tidak keduanya");
  });
});

describe("broadcast stop and resume (slow fake Bot API)", () => {
  let fake: FakeTelegram;
  let h: Harness;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ latencyMs: 15 });
    h = await Harness.start({ env, fake });
  });
  afterAll(async () => {
    await h.stop();
    await fake.stop();
  });

  it("stops on Hentikan after the messages in flight", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => -600 - i);
    await registerGroups(h, ids, { province: "Aceh" });
    const { id } = await draft(h, "/siaran Uji berhenti");
    await h.next(h.press(h.user(ADMIN), `bc:pv:${id}:aceh`, 77), "editMessageText");
    const before = h.press(h.user(ADMIN), `bc:go:${id}`, 77);
    const progress = await nextCall(h, before, (c) => c.method === "editMessageText" && String(c.payload.text).includes("Mengirim siaran"));
    const stop = buttons(progress).find((b) => b.text.includes("Hentikan"))!;
    h.press(h.user(ADMIN), stop.data!, 77);
    const summary = await nextCall(h, before, (c) => c.method === "editMessageText" && textHas("Siaran dihentikan")(c));
    expect(summary.payload.text).toContain("Tidak dikirim karena dihentikan");
    const counts = deliveredTo(h, ids);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBe(1);
    expect((await h.app.deps.broadcasts.get(id))?.status).toBe("stopped");
  });

  it("resumes a broadcast after a restart where it stopped, without duplicates", async () => {
    const ids = Array.from({ length: 80 }, (_, i) => -700 - i);
    await registerGroups(h, ids, { province: "Papua" });
    const { id } = await draft(h, "/siaran Uji lanjut setelah restart");
    await h.next(h.press(h.user(ADMIN), `bc:pv:${id}:papua`, 77), "editMessageText");
    h.press(h.user(ADMIN), `bc:go:${id}`, 77);
    while (deliveredTo(h, ids).reduce((a, b) => a + b, 0) < 10) await new Promise((r) => setTimeout(r, 5));
    const before = h.fake.calls.length;
    await h.restart();
    expect(deliveredTo(h, ids).some((n) => n === 0)).toBe(true);
    await nextCall(h, before, (c) => c.method === "editMessageText" && textHas("Siaran selesai")(c), 10_000);
    expect(deliveredTo(h, ids)).toEqual(ids.map(() => 1));
    expect(h.logs.some((l) => l.includes("broadcast resumed or joined"))).toBe(true);
  });
});

describe("broadcast under Telegram's flood limit", () => {
  let fake: FakeTelegram;
  let h: Harness;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ floodLimits: { global: { max: 4, ms: 1000 } } });
    h = await Harness.start({ env, fake });
  });
  afterAll(async () => {
    await h.stop();
    await fake.stop();
  });

  it("waits out 429 answers (retry_after) and still delivers to every group exactly once", async () => {
    const ids = [-801, -802, -803, -804, -805, -806];
    await registerGroups(h, ids);
    const { id } = await draft(h, "/siaran Uji batas kecepatan");
    const summary = await send(h, id, 15_000);
    expect(summary.payload.text).toContain("Terkirim: 6 dari 6 grup");
    expect(fake.rateLimited).toBeGreaterThan(0);
    expect(deliveredTo(h, ids)).toEqual(ids.map(() => 1));
  }, 20_000);
});
