import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { Bot } from "grammy";
import type { Config } from "./config.ts";
import { createBot } from "./bot/create-bot.ts";
import { createDeliveryServices } from "./bot/delivery.ts";
import { describeError } from "./bot/errors.ts";
import { BackgroundTasks } from "./core/background.ts";
import { ActiveFlows } from "./core/conversation/flows.ts";
import { Votes, type Feedback } from "./core/feedback/votes.ts";
import type { BotContext, BotDeps } from "./bot/context.ts";
import { knowledgeServices } from "./bot/knowledge-deps.ts";
import { loadKnowledge } from "./core/knowledge/load.ts";
import { Conversations } from "./core/answering/conversations.ts";
import { resolvePledgeSecret } from "./core/pledge/secret.ts";
import { PledgeService } from "./core/pledge/service.ts";
import { ReportDesk, type ReportDeskOptions } from "./core/reports/desk.ts";
import type { StoredReport } from "./core/reports/model.ts";
import { deleteReviewerCopies } from "./bot/features/review.ts";
import { LowdbStore, type StoreOptions } from "./storage/lowdb-store.ts";

/** How long shutdown lets bulk sends in flight finish before abandoning them (they are resent at start). */
const SHUTDOWN_GRACE_MS = 5000;

export type AppOptions = {
  logger: Logger;
  /** Injected clock: tests move time to fire reminders and expire forms. */
  now?: () => Date;
  /** Skips `getMe` (console mode has no Telegram to ask). */
  botInfo?: UserFromGetMe;
  /** Storage knobs; tests inject failing writes and short lock times. */
  storage?: StoreOptions;
  /** Delay before a new report reaches the reviewers (tests: 0 or a long one). */
  reportRelayDelayMs?: () => number;
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
  const store = await LowdbStore.open(config.dataDir, { onWriteError: (error) => logger.error({ message: error.message }, "db.json write failed; retrying"), ...options.storage });
  const now = options.now ?? (() => new Date());
  const secret = resolvePledgeSecret(config.pledgeSecret, config.dataDir);
  if (!config.pledgeSecret) logger.warn("PLEDGE_SECRET is not set: the NIP key is generated into DATA_DIR, next to the hashes it protects; set PLEDGE_SECRET (kept outside DATA_DIR) in production");
  const pledges = new PledgeService(store, { secret, now, regions: knowledge.regions, provinces: knowledge.provinces });
  const votes = new Votes(store.collection("votes", { log: true }), store.collection<Feedback>("feedback"), secret, now);
  votes.purge();
  const votePurge = setInterval(() => votes.purge(), 24 * 3600_000).unref();
  pledges.start();
  const tasks = new BackgroundTasks((error) => logger.error(describeError(error), "background task failed"));
  // Called only once the bot exists: the upkeep that purges starts with the other timers below.
  const forgetCopies = (purged: StoredReport[]) => tasks.run(() => deleteReviewerCopies(bot.api, config.reviewerChatId, purged, logger));
  const reports = openReportDesk(config, store, now, logger, { relayDelayMs: options.reportRelayDelayMs, onPurged: forgetCopies });
  const flows = openFlows(store, now, pledges, reports.desk);
  const deps: BotDeps = {
    config,
    store,
    ...knowledgeServices(knowledge),
    conversations: new Conversations(now),
    logger,
    now,
    pledges,
    reports: reports.desk,
    tasks,
    flows: flows.registry,
    votes,
    ...createDeliveryServices({ config, store, knowledge, logger, now }, () => bot),
  };
  const bot = createBot(token, deps, options.botInfo ? { botInfo: options.botInfo } : {});
  // Deferred one turn, so the console can install its API transformer before the first send.
  const starting = setTimeout(() => {
    deps.reminders.start();
    deps.broadcasts.resume();
    reports.start();
  }, 0);
  const close = async () => {
    clearTimeout(starting);
    clearInterval(votePurge);
    // Sends in flight may finish (a clean restart repeats nothing), but not wait out a long retry_after.
    const grace = AbortSignal.timeout(SHUTDOWN_GRACE_MS);
    // Acknowledged webhook updates and delayed report relays finish first: they may still write.
    await tasks.drain(grace);
    await Promise.all([deps.reminders.stop(grace), deps.broadcasts.close(grace)]);
    pledges.stop();
    flows.stop();
    reports.stop();
    await store.close();
  };
  return { bot, deps, close };
}

/**
 * The anonymous-report desk with its upkeep (retention purge, draft sweep), plus the start-up
 * warnings an operator must see: reports stored in the clear, or no reviewer chat to receive them.
 */
function openReportDesk(
  config: Config,
  store: LowdbStore,
  now: () => Date,
  logger: Logger,
  hooks: Pick<ReportDeskOptions, "relayDelayMs" | "onPurged">,
): { desk: ReportDesk; start: () => void; stop: () => void } {
  const desk = new ReportDesk({ store, now, publicKey: config.reportPublicKey, retentionDays: config.reportRetentionDays, ...hooks });
  if (!config.reportPublicKey) logger.warn("REPORT_PUBLIC_KEY is not set: anonymous reports are stored in the clear (npm run reports -- keygen)");
  if (config.reviewerChatId === undefined) logger.warn("REVIEWER_CHAT_ID is not set: anonymous reports are stored but reach no reviewer chat");
  let stop = () => {};
  const start = () => {
    stop = desk.startUpkeep((count) => logger.info({ purged: count, retentionDays: config.reportRetentionDays }, "old reports purged"));
  };
  return { desk, start, stop: () => stop() };
}

/**
 * The flows that take free text in a private chat, so starting one closes the others. Reports are
 * confidential: their chats' texts stay out of every text log. (Private chat id = user id.)
 */
function openFlows(store: LowdbStore, now: () => Date, pledges: PledgeService, reports: ReportDesk): { registry: ActiveFlows; stop: () => void } {
  const registry = new ActiveFlows(now, store.collection<number>("flows"));
  registry.register("report", (chatId) => reports.abandonConversation(chatId), { confidential: true });
  registry.register("pledge", (chatId) => pledges.forms.abandon(String(chatId)));
  const sweeper = setInterval(() => registry.sweep(), 3600_000).unref();
  return { registry, stop: () => clearInterval(sweeper) };
}
