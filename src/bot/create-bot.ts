import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotConfig } from "grammy";
import type { BotContext, BotDeps } from "./context.ts";
import { keepChatsCurrent } from "./delivery.ts";
import { describeError } from "./errors.ts";
import { broadcastFeature } from "./features/broadcast.ts";
import { expertChatFeature } from "./features/expert-chat.ts";
import { groupsFeature } from "./features/groups.ts";
import { handoffFeature } from "./features/handoff.ts";
import { inlineFeature } from "./features/inline.ts";
import { knowledgeAdminFeature } from "./features/knowledge-admin.ts";
import { pledgeAdminFeature } from "./features/pledge-admin.ts";
import { pledgeFeature } from "./features/pledge.ts";
import { questionFeature } from "./features/question.ts";
import { reloadFeature } from "./features/reload.ts";
import { remindersFeature } from "./features/reminders.ts";
import { reportFeature } from "./features/report.ts";
import { reviewFeature } from "./features/review.ts";
import { scheduleFeature } from "./features/schedule.ts";
import { topicsFeature } from "./features/topics.ts";
import { unhandledFeature } from "./features/unhandled.ts";
import { welcomeFeature } from "./features/welcome.ts";
import { StorageError } from "../storage/store.ts";

/** Said when what the person sent could not be saved (disk full): nothing was acknowledged. */
const STORAGE_TROUBLE = "⚠️ Maaf, data Anda belum dapat disimpan karena gangguan penyimpanan di server. Tidak ada yang tercatat; silakan coba lagi beberapa menit lagi.";

/** Updates of one chat are handled in order; different chats run concurrently under the runner. */
function sequenceKey(ctx: BotContext): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

/**
 * The one outgoing path of the bot token, innermost first (the last transformer installed runs
 * first). Every call of every feature and service goes through it:
 * 1. the outbox: flood limits per chat and in all, replies before bulk sends (src/bot/outbox.ts);
 * 2. auto-retry for rate limits only, without a cap: a 429 waits `retry_after` and goes back
 *    through the outbox, however often, so nothing is dropped for being rate-limited;
 * 3. auto-retry for network errors (retried until they pass) and Telegram's 5xx (five attempts);
 * 4. the chat registry's upkeep: 403 deactivates a chat, a migrated group moves and the message is
 *    sent again at the new id (through 1-3 again), another 400 is logged with its reason.
 */
function installOutgoingPath(bot: Bot<BotContext>, deps: BotDeps): void {
  bot.api.config.use(deps.outbox.transformer);
  bot.api.config.use(autoRetry({ maxRetryAttempts: Infinity, maxDelaySeconds: Infinity, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, rethrowInternalServerErrors: false }));
  bot.api.config.use(keepChatsCurrent(deps.chats, deps.logger));
}

/**
 * Builds the bot: API plugins, then context enrichment, then features in a fixed order, then the
 * catch-all. The same bot serves Telegram (runner or webhook), the console and the tests.
 */
export function createBot(token: string, deps: BotDeps, options: Omit<BotConfig<BotContext>, "ContextConstructor"> = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { ...options, client: { apiRoot: deps.config.apiRoot, ...options.client } });

  installOutgoingPath(bot, deps);

  bot.use(sequentialize(sequenceKey));
  bot.use((ctx, next) => {
    ctx.deps = deps;
    return next();
  });

  bot.use(welcomeFeature);
  // Flows that take free text come before questions, so their answers are never searched.
  bot.use(reportFeature); // first: a report draft must never reach another feature (or its logs)
  bot.use(reviewFeature); // replies to report messages in the reviewer chat
  bot.use(expertChatFeature); // replies to hand-off questions in the experts' chat are answers, not questions
  bot.use(pledgeFeature); // answers to the pledge form
  bot.use(pledgeAdminFeature);
  bot.use(groupsFeature); // replies to the kabupaten prompt are settings
  bot.use(handoffFeature); // replies to its prompts are questions for the experts, not searches or dates
  bot.use(scheduleFeature); // /jadwal and date questions, answered from the calendar before the knowledge base
  bot.use(questionFeature);
  bot.use(topicsFeature);
  bot.use(inlineFeature);
  bot.use(knowledgeAdminFeature);
  bot.use(reloadFeature);
  bot.use(remindersFeature);
  bot.use(broadcastFeature);
  bot.use(unhandledFeature);

  bot.catch(async (error) => {
    deps.logger.error({ ...describeError(error.error), update_id: error.ctx.update.update_id }, "update failed");
    if (error.error instanceof StorageError && error.ctx.chat?.type === "private") await error.ctx.reply(STORAGE_TROUBLE).catch(() => undefined);
  });
  return bot;
}
