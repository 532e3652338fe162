import { GrammyError, type Api, type Bot, type Transformer } from "grammy";
import type { MessageEntity } from "grammy/types";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { BroadcastService, type BroadcastContent } from "../core/broadcast/broadcasts.ts";
import { ChatRegistry } from "../core/broadcast/chats.ts";
import type { Outcome } from "../core/broadcast/ledger.ts";
import { Pacer, type Monotonic } from "../core/broadcast/pacer.ts";
import { ReminderScheduler } from "../core/broadcast/scheduler.ts";
import type { KnowledgeBase } from "../core/knowledge/types.ts";
import type { Store } from "../storage/store.ts";
import type { BotContext } from "./context.ts";
import { describeError } from "./errors.ts";
import { showBroadcastProgress } from "./features/broadcast.ts";
import { reminderMessage } from "./features/reminders.ts";

/** grammY types its `signal` parameter with an AbortSignal shim; Node's own is what it uses at run time. */
type ApiSignal = Parameters<Api["sendMessage"]>[3];
const apiSignal = (signal: AbortSignal) => signal as unknown as ApiSignal;

/** Calls that post into a chat: their 403 means "blocked or removed", their 400 may carry a new chat id. */
const SENDS = /^(send|copy|forward)/;

/**
 * Installed inside auto-retry, so it sees every send that reaches Telegram (auto-retry's repeats
 * included) and each 429 before auto-retry waits `retry_after`: the pacer learns the accepted
 * rate from this and spaces the following bulk sends.
 */
export function observeRateLimits(pacer: Pacer): Transformer {
  return async (prev, method, payload, signal) => {
    const send = SENDS.test(method);
    if (send) pacer.calling();
    const result = await prev(method, payload, signal);
    if (send && result.ok) pacer.accepted();
    if (!result.ok && result.error_code === 429) pacer.rateLimited();
    return result;
  };
}

/**
 * Keeps the chat registry true to what Telegram answers to ANY send, replies included: 403 (bot
 * blocked or kicked) deactivates the chat; 400 with `migrate_to_chat_id` (group upgraded to a
 * supergroup) moves the registration and repeats the call at the new id.
 */
export function keepChatsCurrent(chats: ChatRegistry, logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const chatId = Number((payload as { chat_id?: unknown }).chat_id);
    if (result.ok || !SENDS.test(method) || !Number.isSafeInteger(chatId)) return result;
    if (result.error_code === 403) {
      if (chats.deactivate(chatId)) logger.info({ type: chats.get(chatId)?.type }, "chat deactivated: bot blocked or removed");
      return result;
    }
    const newId = result.parameters?.migrate_to_chat_id;
    if (result.error_code === 400 && newId !== undefined) {
      chats.migrate(chatId, newId);
      logger.info("group upgraded to a supergroup: registration moved, send repeated at the new id");
      return prev(method, { ...payload, chat_id: newId }, signal);
    }
    return result;
  };
}

/**
 * One send to a registered chat, classified for the ledger. The call goes to the chat's current
 * id (it may have been upgraded since the targets were fixed); a chat removed meanwhile is not
 * sent to at all. Errors become outcomes: a failing group never stops a broadcast.
 */
export async function deliverTo(chats: ChatRegistry, chatId: number, signal: AbortSignal, call: (targetId: number) => Promise<unknown>): Promise<Outcome> {
  const targetId = chats.currentId(chatId);
  if (chats.get(targetId)?.active === false) return { status: "blocked" };
  try {
    await call(targetId);
  } catch (error) {
    if (signal.aborted) return { status: "interrupted" };
    if (error instanceof GrammyError && error.error_code === 403) return { status: "blocked" };
    return { status: "failed", reason: describeError(error).message };
  }
  const nowId = chats.currentId(chatId);
  return nowId === chatId ? { status: "delivered" } : { status: "migrated", to: nowId };
}

/** Sends a broadcast's content: a text with its formatting, or a copy of the admin's message. */
export function sendBroadcast(api: Api, chats: ChatRegistry, content: BroadcastContent, chatId: number, signal: AbortSignal): Promise<Outcome> {
  return deliverTo(chats, chatId, signal, (targetId) =>
    content.kind === "text"
      ? api.sendMessage(targetId, content.text, { entities: content.entities as MessageEntity[] | undefined, link_preview_options: { is_disabled: true } }, apiSignal(signal))
      : api.copyMessage(targetId, content.fromChatId, content.messageId, {}, apiSignal(signal)),
  );
}

/** Real elapsed time for pacing and progress spacing (the business clock may be frozen in tests). */
const realTime: Monotonic = { now: () => performance.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** The bulk-sending services BotDeps carries; see `createDeliveryServices`. */
export type DeliveryServices = { chats: ChatRegistry; pacer: Pacer; broadcasts: BroadcastService; reminders: ReminderScheduler };

/**
 * Builds the chat registry, the shared pacer (one per bot token: Telegram's limit is global), the
 * broadcast jobs and the reminder scheduler. They exist before the bot (the bot's deps hold them),
 * so they reach its API through `bot()` at send time.
 */
export function createDeliveryServices(base: { config: Config; store: Store; knowledge: KnowledgeBase; logger: Logger; now: () => Date }, bot: () => Bot<BotContext>): DeliveryServices {
  const { store, knowledge, logger, now } = base;
  const chats = new ChatRegistry(store, now);
  const pacer = new Pacer(realTime);
  const broadcasts = new BroadcastService({
    store,
    chats,
    pacer,
    now,
    clock: realTime,
    logger,
    send: (content, chatId, signal) => sendBroadcast(bot().api, chats, content, chatId, signal),
    report: (job, counts) => showBroadcastProgress(bot().api, job, counts),
  });
  const reminders = new ReminderScheduler({
    calendar: knowledge.calendar,
    templates: knowledge.reminders,
    store,
    chats,
    pacer,
    now,
    logger,
    send: (slot, chatId, signal) =>
      deliverTo(chats, chatId, signal, async (targetId) => {
        await bot().init(apiSignal(signal)); // the lapor button needs the bot's username
        const { text, reply_markup } = reminderMessage(slot, bot().botInfo.username);
        return bot().api.sendMessage(targetId, text, { parse_mode: "HTML", reply_markup }, apiSignal(signal));
      }),
  });
  return { chats, pacer, broadcasts, reminders };
}
