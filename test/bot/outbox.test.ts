import { describe, expect, it } from "vitest";
import { Outbox, sharedWindow, type FloodLimits } from "../../src/bot/outbox.ts";
import type { Pace } from "../../src/storage/shared-store.ts";

type Sent = { method: string; chat: number; text?: string; at: number };
type Answer = { ok: boolean; error_code?: number; parameters?: { retry_after?: number }; result?: unknown };

/** The outbox's transformer over a recording "Telegram"; `answer` may refuse a call. */
function setup(limits: FloodLimits, answer: (call: Sent) => Answer = () => ({ ok: true, result: true }), shared?: Pace) {
  const outbox = new Outbox(limits, shared);
  const sent: Sent[] = [];
  const started = performance.now();
  const prev = async (method: string, payload: Record<string, unknown>) => {
    const call = { method, chat: Number(payload.chat_id), text: payload.text as string | undefined, at: performance.now() - started };
    sent.push(call);
    return answer(call);
  };
  const call = (method: string, payload: Record<string, unknown>, signal?: AbortSignal) =>
    (outbox.transformer as unknown as (p: typeof prev, m: string, x: Record<string, unknown>, s?: AbortSignal) => Promise<Answer>)(prev, method, payload, signal);
  const message = (chat: number, text: string, signal?: AbortSignal) => call("sendMessage", { chat_id: chat, text }, signal);
  return { outbox, sent, call, message };
}

describe("outbox: the one outgoing path", () => {
  it("waits for the instances' shared slot one message at a time, replies still first", async () => {
    let taken = 0;
    // Another instance holds most of the shared rate: a slot every 30 ms here.
    const shared: Pace = { take: () => new Promise((resolve) => setTimeout(() => resolve(void taken++), 30)) };
    const { outbox, sent, message } = setup({ global: { max: 100, ms: 1000 } }, undefined, shared);
    const bulk = Array.from({ length: 4 }, (_, i) => outbox.bulk(() => message(-100 - i, `bulk${i}`)));
    await new Promise((r) => setTimeout(r, 5));
    const replies = Array.from({ length: 2 }, (_, i) => message(10 + i, `reply${i}`));
    await Promise.all([...bulk, ...replies]);
    expect(taken).toBe(6);
    expect(sent.map((s) => s.text)).toEqual(["bulk0", "reply0", "reply1", "bulk1", "bulk2", "bulk3"]);
    expect(sharedWindow({ max: 29, ms: 1000 })).toEqual({ max: 1, ms: 36 });
  });

  it("tells a bulk send's attempt right before each request leaves, and when Telegram or the network refused it", async () => {
    const answers: Answer[] = [{ ok: false, error_code: 429, parameters: { retry_after: 0 } }, { ok: false, error_code: 502 }, { ok: true, result: true }];
    const log: string[] = [];
    const { outbox, message, sent } = setup({}, () => (log.push("request"), answers.shift()!));
    const attempt = { starting: async () => void log.push("starting"), notSent: async () => void log.push("notSent") };
    for (let i = 0; i < 3; i++) await outbox.bulk(() => message(-1, "siaran"), attempt);
    expect(log).toEqual(["starting", "request", "notSent", "starting", "request", "notSent", "starting", "request"]);
    // A connection never made is provably unsent too; a request that failed mid-way is not.
    const refused = Object.assign(new Error("connect"), { code: "ECONNREFUSED" });
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    for (const error of [refused, reset]) {
      const failing = new Outbox({});
      log.length = 0;
      const transformer = failing.transformer as unknown as (p: () => Promise<never>, m: string, x: Record<string, unknown>) => Promise<unknown>;
      await expect(failing.bulk(() => transformer(() => Promise.reject(error), "sendMessage", { chat_id: -1 }), attempt)).rejects.toBe(error);
      expect(log).toEqual(error === refused ? ["starting", "notSent"] : ["starting"]);
    }
    // A reply carries no attempt; a failing `starting` keeps the request from leaving.
    const before = sent.length;
    await expect(outbox.bulk(() => message(-2, "x"), { starting: () => Promise.reject(new Error("claim lost")), notSent: async () => undefined })).rejects.toThrow("claim lost");
    expect(sent.length).toBe(before);
  });

  it("sends replies to people before bulk sends that were queued earlier", async () => {
    const { outbox, sent, message } = setup({ global: { max: 1, ms: 40 } });
    const bulk = Array.from({ length: 5 }, (_, i) => outbox.bulk(() => message(-100 - i, `bulk${i}`)));
    const replies = Array.from({ length: 3 }, (_, i) => message(10 + i, `reply${i}`));
    expect(outbox.status()).toMatchObject({ replies: 3, bulk: 5 });
    await Promise.all([...bulk, ...replies]);
    const order = sent.map((s) => s.text);
    // the first bulk send may already have had the free slot; every reply comes before the rest
    expect(order.slice(0, 4).filter((t) => t?.startsWith("reply"))).toHaveLength(3);
    expect(order.indexOf("reply2")).toBeLessThan(order.indexOf("bulk1"));
    expect(outbox.status()).toEqual({ replies: 0, bulk: 0, heldChats: 0 });
  });

  it("promotes a bulk message that a reply to the same chat would otherwise wait behind", async () => {
    const { sent, outbox, message } = setup({ global: { max: 1, ms: 60 } });
    const bulk = [-1, -2, -3].map((chat) => outbox.bulk(() => message(chat, `bulk${chat}`)));
    const replies = [5, 6, -3].map((chat) => message(chat, `reply${chat}`));
    await Promise.all([...bulk, ...replies]);
    expect(sent.map((s) => s.text)).toEqual(["bulk-1", "reply5", "reply6", "bulk-3", "reply-3", "bulk-2"]);
  });

  it("keeps each chat's window and lets other chats through meanwhile", async () => {
    const { sent, message } = setup({ private: { max: 2, ms: 300 }, group: { max: 1, ms: 300 } });
    await Promise.all([message(1, "a"), message(1, "b"), message(1, "c"), message(2, "x"), message(-5, "g1"), message(-5, "g2")]);
    const at = (text: string) => sent.find((s) => s.text === text)!.at;
    expect(at("c") - at("a")).toBeGreaterThanOrEqual(290);
    expect(at("g2") - at("g1")).toBeGreaterThanOrEqual(290);
    expect(at("x")).toBeLessThan(at("c"));
  });

  it("holds back only the chat a 429 was answered for, for retry_after", async () => {
    let refused = false;
    const { outbox, sent, message } = setup({}, (call) => {
      if (call.chat === 7 && !refused) {
        refused = true;
        return { ok: false, error_code: 429, parameters: { retry_after: 1 } };
      }
      return { ok: true, result: true };
    });
    expect(await message(7, "first")).toMatchObject({ error_code: 429 });
    expect(outbox.status().heldChats).toBe(1);
    const again = message(7, "again");
    await message(8, "other chat");
    expect(sent.at(-1)?.text).toBe("other chat");
    await again;
    const at = (text: string) => sent.find((s) => s.text === text)!.at;
    expect(at("again") - at("first")).toBeGreaterThanOrEqual(950);
    expect(outbox.status().heldChats).toBe(0);
  });

  it("lets calls that are not messages pass at once, even behind a long queue", async () => {
    const { outbox, sent, call, message } = setup({ global: { max: 1, ms: 200 } });
    const queued = [message(1, "one"), outbox.bulk(() => message(-1, "two")), message(2, "three")];
    await call("answerCallbackQuery", { callback_query_id: "q" });
    // Answered while the messages behind the first wait for their global slots.
    expect(sent.map((s) => s.method)).toContain("answerCallbackQuery");
    expect(sent.filter((s) => s.method === "sendMessage").length).toBeLessThanOrEqual(1);
    await Promise.all(queued);
  });

  it("drops a waiting message only when its own signal aborts (shutdown), and keeps sending the rest", async () => {
    const { sent, message } = setup({ global: { max: 1, ms: 100 } });
    const abort = new AbortController();
    const first = message(1, "first");
    const abandoned = message(2, "abandoned", abort.signal);
    const kept = message(3, "kept");
    abort.abort();
    await expect(abandoned).rejects.toThrow();
    await Promise.all([first, kept]);
    expect(sent.map((s) => s.text)).toEqual(["first", "kept"]);
  });
});
