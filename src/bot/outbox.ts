import { AsyncLocalStorage } from "node:async_hooks";
import { setMaxListeners } from "node:events";
import { HttpError, type Transformer } from "grammy";
import PQueue from "p-queue";
import type { SendAttempt } from "../core/broadcast/ledger.ts";
import type { Pace } from "../storage/shared-store.ts";

/** At most `max` messages in any `ms` milliseconds. */
export type FloodWindow = { max: number; ms: number };

/** The limits the outbox keeps; a missing window is not limited (tests against an unlimited fake). */
export type FloodLimits = { global?: FloodWindow; group?: FloodWindow; private?: FloodWindow };

/**
 * Telegram's published limits: about 30 messages a second in all, 20 a minute per group, about one
 * a second per private chat with short bursts allowed. The global rate is kept one under 30, so
 * network jitter that bunches requests seldom crosses it (the delivery benchmark: under 1% of calls
 * answered 429, none of them lost).
 */
export const TELEGRAM_FLOOD_LIMITS: FloodLimits = {
  global: { max: 29, ms: 1000 },
  group: { max: 20, ms: 60_000 },
  private: { max: 3, ms: 3000 },
};

/** Replies to people go first; bulk sends (broadcasts, reminders) take the slots left over. */
const REPLY = 1;
const BULK = 0;
type Lane = typeof REPLY | typeof BULK;

/** Calls that put a message into a chat, which is what Telegram's flood limits count. */
const MESSAGE_METHODS = /^(send(?!ChatAction)|copy|forward|editMessage)/;

/**
 * The global window as an even stream of pairs (2 starts per 2/max of the window) rather than
 * `max` at once: a reply never waits for a burst to clear, Telegram never sees a burst, and a
 * timer that fires late on a busy machine is made up by the pair, so the rate stays near `max`
 * without ever exceeding `max` in any window.
 */
function evenly(window: FloodWindow): { intervalCap: number; interval: number } {
  const pair = Math.min(2, window.max);
  return { intervalCap: pair, interval: (pair * window.ms) / window.max };
}

/**
 * The global window as the instances keep it together (`SharedStore.pace`): one message per slot
 * of `ms / (max - 1)`, so any window of `ms` overlaps at most `max` slots — a fixed-window limiter
 * can grant two slots back to back at a boundary, and requests of different instances reach
 * Telegram with different delays, so the slack of one keeps them under the limit.
 */
export function sharedWindow(window: FloodWindow): FloodWindow {
  return { max: 1, ms: Math.ceil(window.ms / Math.max(1, window.max - 1)) };
}

/** What waits in the outbox, for `/siaran status` and the broadcast progress. */
export type OutboxStatus = { replies: number; bulk: number; heldChats: number };

/** What the calls made inside `bulk` carry: their lane, and the delivery told about each attempt. */
type BulkContext = { lane: Lane; attempt?: SendAttempt };

const context = new AsyncLocalStorage<BulkContext>();

/** Errors of a connection that was never made: the request provably did not reach Telegram. */
const NEVER_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

function neverConnected(error: unknown): boolean {
  for (let cause: unknown = error instanceof HttpError ? error.error : error, depth = 0; cause && depth < 5; depth++) {
    if (NEVER_CONNECTED.has(String((cause as { code?: unknown }).code))) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** Telegram's answer says nothing was delivered: too many requests, or its own failure. */
function refused(result: { ok: boolean; error_code?: number }): boolean {
  return !result.ok && (result.error_code === 429 || (result.error_code ?? 0) >= 500);
}

/**
 * The one outgoing path for the bot token, installed as the innermost API transformer so every
 * message call (replies, edits, greetings, reminders, broadcasts, and every repeat auto-retry makes)
 * passes it. A message waits for its chat's window (`p-queue` in strict, sliding-window mode, one
 * call at a time per chat) and then for a global slot (evenly spaced, replies before bulk). A 429
 * holds back only the chat it was answered for, for `retry_after`; other chats keep flowing.
 * Nothing here gives up: a message leaves the queue only by being sent or by its signal aborting.
 * With several instances on one bot token, `shared` paces the global window across all of them:
 * the message first in line (replies first) waits for the shared slot, one at a time, so the
 * priorities hold and the instances together stay within Telegram's limit.
 */
export class Outbox {
  readonly #global: PQueue;
  readonly #chats = new Map<string, PQueue>();
  readonly #waiting: Record<Lane, number> = { [REPLY]: 0, [BULK]: 0 };
  readonly #held = new Set<string>();
  /** Per chat: its bulk message waiting for a global slot (at most one: a chat sends one call at a time). */
  readonly #bulkWaiting = new Map<string, string>();
  #nextId = 0;

  constructor(
    private readonly limits: FloodLimits = TELEGRAM_FLOOD_LIMITS,
    private readonly shared?: Pace,
  ) {
    const waitOneAtATime = shared ? { concurrency: 1 } : {};
    this.#global = limits.global ? new PQueue({ ...evenly(limits.global), strict: true, ...waitOneAtATime }) : new PQueue(waitOneAtATime);
  }

  /**
   * Runs `work` with every message it sends in the bulk lane: sent only when no reply is waiting.
   * `attempt` hears of each request right before it leaves (and of one that provably failed), so
   * a delivery ledger can tell "never sent" from "maybe arrived" after a crash.
   */
  bulk<T>(work: () => Promise<T>, attempt?: SendAttempt): Promise<T> {
    return context.run({ lane: BULK, attempt }, work);
  }

  /** Messages waiting or in flight per lane, and chats held back by a 429 right now. */
  status(): OutboxStatus {
    return { replies: this.#waiting[REPLY], bulk: this.#waiting[BULK], heldChats: this.#held.size };
  }

  /** The API transformer; other calls (callback answers, getUpdates, ...) are not flood-limited and pass straight through. */
  readonly transformer: Transformer = (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (!MESSAGE_METHODS.test(method) || (typeof chatId !== "number" && typeof chatId !== "string")) return prev(method, payload, signal);
    return this.#send(String(chatId), () => prev(method, payload, signal), signal as AbortSignal | undefined);
  };

  async #send<R extends { ok: boolean; error_code?: number; parameters?: { retry_after?: number } }>(chat: string, call: () => Promise<R>, signal?: AbortSignal): Promise<R> {
    const { lane: priority, attempt } = context.getStore() ?? { lane: REPLY };
    const queue = this.#chatQueue(chat);
    // A broadcast shares one signal among all its sends, each waiting here with a listener on it.
    if (signal) setMaxListeners(0, signal);
    this.#waiting[priority]++;
    try {
      if (priority === REPLY) this.#promote(chat);
      const attempted = attempt ? () => this.#attempt(call, attempt) : call;
      const result = await queue.add(() => this.#globalSlot(chat, attempted, priority, signal), { priority, signal });
      const retryAfter = !result.ok && result.error_code === 429 ? result.parameters?.retry_after : undefined;
      if (retryAfter !== undefined) this.#hold(chat, queue, retryAfter);
      return result;
    } finally {
      this.#waiting[priority]--;
    }
  }

  /** One request, recorded as leaving before it does and as not sent when Telegram or the network says so. */
  async #attempt<R extends { ok: boolean; error_code?: number }>(call: () => Promise<R>, attempt: SendAttempt): Promise<R> {
    await attempt.starting();
    let result: R;
    try {
      result = await call();
    } catch (error) {
      if (neverConnected(error)) await attempt.notSent();
      throw error;
    }
    if (refused(result)) await attempt.notSent();
    return result;
  }

  /** Waits for a global slot, then sends; a bulk message stays findable meanwhile, in case a reply to the same chat queues behind it. */
  async #globalSlot<R>(chat: string, call: () => Promise<R>, priority: Lane, signal?: AbortSignal): Promise<R> {
    if (priority === REPLY) {
      await this.#global.add(() => this.#sharedSlot(), { priority, signal });
      return call();
    }
    const id = `bulk-${this.#nextId++}`; // p-queue numbers the other tasks "0", "1", ...
    const forget = () => this.#bulkWaiting.get(chat) === id && this.#bulkWaiting.delete(chat);
    this.#bulkWaiting.set(chat, id);
    const started = () => {
      forget();
      return this.#sharedSlot();
    };
    await this.#global.add(started, { priority, signal, id }).finally(forget);
    return call();
  }

  /** The slot the instances share, when they do; the global queue lets one message at a time wait for it. */
  async #sharedSlot(): Promise<void> {
    await this.shared?.take();
  }

  /**
   * A reply to a chat whose bulk message already waits for a global slot would wait behind it (one
   * call at a time per chat), so that message is promoted to the reply lane: replies never wait
   * for bulk sends.
   */
  #promote(chat: string): void {
    const id = this.#bulkWaiting.get(chat);
    if (id === undefined) return;
    this.#bulkWaiting.delete(chat);
    try {
      this.#global.setPriority(id, REPLY);
    } catch {
      // It was abandoned (its signal aborted) a moment ago: there is nothing left to promote.
    }
  }

  /** Telegram said "too many" for this chat: its queue pauses for `retry_after`; auto-retry repeats the call then. */
  #hold(chat: string, queue: PQueue, seconds: number): void {
    if (this.#held.has(chat)) return;
    this.#held.add(chat);
    queue.pause();
    setTimeout(() => {
      this.#held.delete(chat);
      queue.start();
    }, seconds * 1000).unref(); // a hold alone must not keep a stopping process alive
  }

  /**
   * The chat's own queue, kept while its window still counts recent messages (a fresh queue would
   * forget them and allow a new burst). Private chats have positive ids, groups negative ones.
   */
  #chatQueue(chat: string): PQueue {
    const existing = this.#chats.get(chat);
    if (existing) return existing;
    const window = Number(chat) > 0 ? this.limits.private : this.limits.group;
    const queue = new PQueue({ concurrency: 1, ...(window ? { intervalCap: window.max, interval: window.ms, strict: true } : {}) });
    let forget: NodeJS.Timeout | undefined;
    queue.on("active", () => clearTimeout(forget));
    queue.on("idle", () => {
      clearTimeout(forget);
      forget = setTimeout(() => {
        if (queue.size === 0 && queue.pending === 0 && !this.#held.has(chat)) this.#chats.delete(chat);
      }, window?.ms ?? 0).unref();
    });
    this.#chats.set(chat, queue);
    return queue;
  }
}
