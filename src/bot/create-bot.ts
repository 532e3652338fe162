import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotConfig } from "grammy";
import type { BotContext, BotDeps } from "./context.ts";
import { keepChatsCurrent, observeRateLimits } from "./delivery.ts";
import { describeError } from "./errors.ts";
import { broadcastFeature } from "./features/broadcast.ts";
import { groupsFeature } from "./features/groups.ts";
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
 * Builds the bot: API plugins, then context enrichment, then features in a fixed order, then the
 * catch-all. The same bot serves Telegram (runner or webhook), the console and the tests.
 */
export function createBot(token: string, deps: BotDeps, options: Omit<BotConfig<BotContext>, "ContextConstructor"> = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { ...options, client: { apiRoot: deps.config.apiRoot, ...options.client } });

  bot.api.config.use(observeRateLimits(deps.pacer)); // inside auto-retry: sees each 429 before it is retried
  // Telegram answers floods with 429 + retry_after; waiting exactly that long is the documented way.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, rethrowInternalServerErrors: false }));
  bot.api.config.use(keepChatsCurrent(deps.chats, deps.logger)); // 403 deactivates a chat, a migrated group moves

  bot.use(sequentialize(sequenceKey));
  bot.use((ctx, next) => {
    ctx.deps = deps;
    return next();
  });

  bot.use(welcomeFeature);
  // Flows that take free text come before questions, so their answers are never searched.
  bot.use(reportFeature); // first: a report draft must never reach another feature (or its logs)
  bot.use(reviewFeature); // replies to report messages in the reviewer chat
  bot.use(pledgeFeature); // answers to the pledge form
  bot.use(pledgeAdminFeature);
  bot.use(groupsFeature); // replies to the kabupaten prompt are settings
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
