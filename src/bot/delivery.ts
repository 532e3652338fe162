import { GrammyError, type Api, type Bot, type Transformer } from "grammy";
import type { InlineKeyboardMarkup, MessageEntity } from "grammy/types";
import type { Logger } from "pino";
import { BroadcastService, type BroadcastContent, type BroadcastJob, type Monotonic } from "../core/broadcast/broadcasts.ts";
import { ChatRegistry } from "../core/broadcast/chats.ts";
import type { Tally } from "../core/broadcast/deliver.ts";
import type { Outcome } from "../core/broadcast/ledger.ts";
import type { ReminderSlot } from "../core/broadcast/plan.ts";
import { ReminderScheduler } from "../core/broadcast/scheduler.ts";
import type { KnowledgeBase } from "../core/knowledge/types.ts";
import type { SharedStore } from "../storage/shared-store.ts";
import { describeError } from "./errors.ts";
import { Outbox, sharedWindow, TELEGRAM_FLOOD_LIMITS, type FloodLimits, type OutboxStatus } from "./outbox.ts";

/** grammY types its `signal` parameter with an AbortSignal shim; Node's own is what it uses at run time. */
type ApiSignal = Parameters<Api["sendMessage"]>[3];
const apiSignal = (signal: AbortSignal) => signal as unknown as ApiSignal;

/** Calls that post into a chat: their 403 means "blocked or removed", their 400 may carry a new chat id. */
const SENDS = /^(send|copy|forward)/;

/**
 * Keeps the chat registry true to what Telegram answers to ANY send, replies included: 403 (bot
 * blocked or kicked) deactivates the chat; 400 with `migrate_to_chat_id` (group upgraded to a
 * supergroup) moves the registration and repeats the call at the new id; any other 400 is logged
 * with Telegram's reason (never the chat id or text: it may be a reporter's chat) and the call fails.
 */
export function keepChatsCurrent(chats: ChatRegistry, logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const chatId = Number((payload as { chat_id?: unknown }).chat_id);
    if (result.ok || !SENDS.test(method) || !Number.isSafeInteger(chatId)) return result;
    if (result.error_code === 403) {
      if (await chats.deactivate(chatId)) logger.info({ type: (await chats.get(chatId))?.type }, "chat deactivated: bot blocked or removed");
      return result;
    }
    const newId = result.parameters?.migrate_to_chat_id;
    if (result.error_code === 400 && newId !== undefined) {
      await chats.migrate(chatId, newId);
      logger.info("group upgraded to a supergroup: registration moved, send repeated at the new id");
      return prev(method, { ...payload, chat_id: newId }, signal);
    }
    if (result.error_code === 400) logger.warn({ method, reason: result.description }, "message refused by Telegram");
    return result;
  };
}

/**
 * One send to a registered chat, classified for the ledger. The call goes to the chat's current
 * id (it may have been upgraded since the targets were fixed); a chat removed meanwhile is not
 * sent to at all. Errors become outcomes: a failing group never stops a broadcast.
 */
export async function deliverTo(chats: ChatRegistry, chatId: number, signal: AbortSignal, call: (targetId: number) => Promise<unknown>): Promise<Outcome> {
  const targetId = await chats.currentId(chatId);
  if ((await chats.get(targetId))?.active === false) return { status: "blocked" };
  try {
    await call(targetId);
  } catch (error) {
    if (signal.aborted) return { status: "interrupted" };
    if (error instanceof GrammyError && error.error_code === 403) return { status: "blocked" };
    return { status: "failed", reason: describeError(error).message };
  }
  const nowId = await chats.currentId(chatId);
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

/** Real elapsed time for progress spacing (the business clock may be frozen in tests). */
const realTime: Monotonic = { now: () => performance.now() };

/**
 * What the bulk senders say, supplied by the features that own the wording (wired in app.ts), so
 * this module depends on no feature.
 */
export type DeliveryMessages = {
  /** A reminder as a chat receives it; the bot's username is known only after `getMe`. */
  reminder: (slot: ReminderSlot, botUsername: string) => { text: string; reply_markup?: InlineKeyboardMarkup };
  /** Shows a broadcast's progress in the admin's chat, with what waits in the outbox. */
  progress: (api: Api, job: BroadcastJob, counts: Tally, queue: OutboxStatus) => Promise<void>;
};

/** The bulk-sending services BotDeps carries; see `createDeliveryServices`. */
export type DeliveryServices = { chats: ChatRegistry; outbox: Outbox; broadcasts: BroadcastService; reminders: ReminderScheduler };

/** The part of the bot the services use; any context type will do, so this module needs no BotContext. */
export type BotHandle = Pick<Bot, "api" | "init" | "botInfo">;

/** What `createDeliveryServices` needs besides the bot. */
export type DeliveryBase = {
  store: SharedStore;
  knowledge: KnowledgeBase;
  logger: Logger;
  now: () => Date;
  messages: DeliveryMessages;
  floodLimits?: FloodLimits;
  /** `LEASE_SECONDS`: how long an instance's delivery claims and scheduler lease hold. */
  leaseSeconds: number;
  /** This instance's name in claims and leases (`instanceName`). */
  holder: string;
};

/** How often an instance looks for broadcasts started on another one, to help send them. */
const BROADCAST_POLL_MS = 5000;

/**
 * Builds the chat registry, the outbox (one per bot token: Telegram's limit is global), the
 * broadcast jobs and the reminder scheduler. They exist before the bot (the bot's deps hold them),
 * so they reach its API through `bot()` at send time. Their sends go in the outbox's bulk lane.
 */
export function createDeliveryServices(base: DeliveryBase, bot: () => BotHandle): DeliveryServices {
  const { store, knowledge, logger, now, messages } = base;
  const chats = new ChatRegistry(store, now);
  const limits = base.floodLimits ?? TELEGRAM_FLOOD_LIMITS;
  // Telegram counts messages per bot token: on PostgreSQL the instances keep the global rate together.
  const outbox = new Outbox(limits, limits.global && store.pace("telegram-global", sharedWindow(limits.global)));
  const { holder } = base;
  // One lowdb process has nobody to share chats with: its claims never need to outlive it.
  const shared = { holder, claimMs: store.kind === "postgres" ? base.leaseSeconds * 1000 : 0 };
  const broadcasts = new BroadcastService({
    store,
    ...shared,
    pollMs: store.kind === "postgres" ? BROADCAST_POLL_MS : undefined,
    chats,
    now,
    clock: realTime,
    logger,
    send: (content, chatId, signal, attempt) => outbox.bulk(() => sendBroadcast(bot().api, chats, content, chatId, signal), attempt),
    report: (job, counts) => messages.progress(bot().api, job, counts, outbox.status()),
  });
  const reminders = new ReminderScheduler({
    calendar: knowledge.calendar,
    templates: knowledge.reminders,
    store,
    ...shared,
    leaseMs: base.leaseSeconds * 1000,
    chats,
    now,
    logger,
    send: (slot, chatId, signal, attempt) =>
      outbox.bulk(
        () =>
          deliverTo(chats, chatId, signal, async (targetId) => {
            await bot().init(apiSignal(signal)); // the lapor button needs the bot's username
            const { text, reply_markup } = messages.reminder(slot, bot().botInfo.username);
            return bot().api.sendMessage(targetId, text, { parse_mode: "HTML", reply_markup }, apiSignal(signal));
          }),
        attempt,
      ),
  });
  return { chats, outbox, broadcasts, reminders };
}
