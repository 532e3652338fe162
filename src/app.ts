import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { Bot } from "grammy";
import type { Config } from "./config.ts";
import { createBot } from "./bot/create-bot.ts";
import { createDeliveryServices } from "./bot/delivery.ts";
import type { BotContext, BotDeps } from "./bot/context.ts";
import { loadKnowledge } from "./core/knowledge/load.ts";
import { KnowledgeSearch } from "./core/knowledge/search.ts";
import { Answerer } from "./core/answering/answerer.ts";
import { Conversations } from "./core/answering/conversations.ts";
import { resolvePledgeSecret } from "./core/pledge/secret.ts";
import { PledgeService } from "./core/pledge/service.ts";
import { ReportDesk } from "./core/reports/desk.ts";
import { LowdbStore } from "./storage/lowdb-store.ts";

/** How long shutdown lets bulk sends in flight finish before abandoning them (they are resent at start). */
const SHUTDOWN_GRACE_MS = 5000;

export type AppOptions = {
  logger: Logger;
  /** Injected clock: tests move time to fire reminders and expire forms. */
  now?: () => Date;
  /** Skips `getMe` (console mode has no Telegram to ask). */
  botInfo?: UserFromGetMe;
};

/** The assembled application: one bot, its dependencies, and how to shut it down cleanly. */
export type App = { bot: Bot<BotContext>; deps: BotDeps; close: () => Promise<void> };

/**
 * Opens storage, loads the knowledge base and builds the bot: the start-up shared by Telegram
 * mode, console mode and the end-to-end tests, so they cannot drift apart.
 */
export async function openApp(config: Config, token: string, options: AppOptions): Promise<App> {
  const { logger } = options;
  const knowledge = loadKnowledge(config.knowledgeDir);
  for (const problem of knowledge.problems) logger.warn({ file: problem.file, field: problem.field }, `knowledge entry skipped or fixed: ${problem.message}`);
  const store = await LowdbStore.open(config.dataDir);
  const now = options.now ?? (() => new Date());
  const pledges = new PledgeService(store, { secret: resolvePledgeSecret(config.pledgeSecret, config.dataDir), now, regions: knowledge.regions, provinces: knowledge.provinces });
  pledges.start();
  const reports = openReportDesk(config, store, now, logger);
  const search = new KnowledgeSearch(knowledge.entries, knowledge.lexicon);
  const deps: BotDeps = {
    config,
    store,
    knowledge,
    search,
    answerer: new Answerer(search, knowledge.concepts),
    conversations: new Conversations(now),
    logger,
    now,
    pledges,
    reports: reports.desk,
    ...createDeliveryServices({ config, store, knowledge, logger, now }, () => bot),
  };
  const bot = createBot(token, deps, options.botInfo ? { botInfo: options.botInfo } : {});
  // Deferred one turn, so the console can install its API transformer before the first send.
  const starting = setTimeout(() => {
    deps.reminders.start();
    deps.broadcasts.resume();
  }, 0);
  const close = async () => {
    clearTimeout(starting);
    // Sends in flight may finish (a clean restart repeats nothing), but not wait out a long retry_after.
    const grace = AbortSignal.timeout(SHUTDOWN_GRACE_MS);
    await Promise.all([deps.reminders.stop(grace), deps.broadcasts.close(grace)]);
    pledges.stop();
    reports.stop();
    await store.close();
  };
  return { bot, deps, close };
}

/**
 * The anonymous-report desk with its upkeep (retention purge, draft sweep), plus the start-up
 * warnings an operator must see: reports stored in the clear, or no reviewer chat to receive them.
 */
function openReportDesk(config: Config, store: LowdbStore, now: () => Date, logger: Logger): { desk: ReportDesk; stop: () => void } {
  const desk = new ReportDesk({ store, now, publicKey: config.reportPublicKey, retentionDays: config.reportRetentionDays });
  if (!config.reportPublicKey) logger.warn("REPORT_PUBLIC_KEY is not set: anonymous reports are stored in the clear (npm run reports -- keygen)");
  if (config.reviewerChatId === undefined) logger.warn("REVIEWER_CHAT_ID is not set: anonymous reports are stored but reach no reviewer chat");
  const stop = desk.startUpkeep((count) => logger.info({ purged: count, retentionDays: config.reportRetentionDays }, "old reports purged"));
  return { desk, stop };
}
