import type { Update, UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { Bot } from "grammy";
import type { Config } from "./config.ts";
import { createBot } from "./bot/create-bot.ts";
import { createDeliveryServices, type DeliveryMessages } from "./bot/delivery.ts";
import { describeError } from "./bot/errors.ts";
import { handoffUpkeep } from "./bot/features/expert-chat.ts";
import { BackgroundTasks } from "./core/background.ts";
import { UpdateIntake } from "./core/intake.ts";
import { instanceName } from "./core/instance.ts";
import { handleUpdate } from "./bot/handle-update.ts";
import { ActiveFlows } from "./core/conversation/flows.ts";
import { Votes, type Feedback } from "./core/feedback/votes.ts";
import type { BotContext, BotDeps } from "./bot/context.ts";
import { showBroadcastProgress } from "./bot/features/broadcast.ts";
import { reminderMessage } from "./bot/features/reminders.ts";
import type { FloodLimits } from "./bot/outbox.ts";
import { knowledgeServices } from "./bot/knowledge-deps.ts";
import { HandoffDesk } from "./core/handoff/desk.ts";
import { HANDOFF_SECRET_FILE, LinkSealer } from "./core/handoff/link-seal.ts";
import { QuestionLog } from "./core/handoff/question-log.ts";
import { loadKnowledge } from "./core/knowledge/load.ts";
import { Conversations } from "./core/answering/conversations.ts";
import { resolvePledgeSecret } from "./core/pledge/secret.ts";
import { PledgeService } from "./core/pledge/service.ts";
import { readOrCreateSecret } from "./core/privacy/secret-file.ts";
import { ReportDesk, type ReportDeskOptions } from "./core/reports/desk.ts";
import type { StoredReport } from "./core/reports/model.ts";
import { StateSecret } from "./core/reports/state-secret.ts";
import { deleteReviewerCopies } from "./bot/features/review.ts";
import type { StoreOptions } from "./storage/lowdb-store.ts";
import { openStore } from "./storage/open.ts";
import type { SharedStore } from "./storage/shared-store.ts";

/** How often hand-off reminders, link expiry and the question-log retention are checked. */
const HANDOFF_UPKEEP_MS = 60_000;

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
  /** The flood limits the outbox keeps; Telegram's unless a test or benchmark says otherwise. */
  floodLimits?: FloodLimits;
};

/**
 * How long an instance's claim on an update it handles lasts without renewal (renewed every third
 * of it): how soon another instance answers what a killed one acknowledged. `LEASE_SECONDS` when shorter.
 */
const INTAKE_LEASE_MS = 15_000;

/**
 * The assembled application: one bot, its dependencies, the durable intake of webhook updates
 * (started by webhook mode only), and how to shut it down cleanly.
 */
export type App = { bot: Bot<BotContext>; deps: BotDeps; intake: UpdateIntake; close: () => Promise<void> };

/**
 * Opens storage, loads the knowledge base and builds the bot: the start-up shared by Telegram
 * mode, console mode and the end-to-end tests, so they cannot drift apart.
 */
export async function openApp(config: Config, token: string, options: AppOptions): Promise<App> {
  const { logger } = options;
  const knowledge = loadKnowledge(config.knowledgeDir);
  for (const problem of knowledge.problems) logger.warn({ file: problem.file, field: problem.field }, `knowledge entry skipped or fixed: ${problem.message}`);
  const now = options.now ?? (() => new Date());
  const store = await openStore(config, now, { onWriteError: (error) => logger.error({ message: error.message }, "db.json write failed; retrying"), ...options.storage });
  const secret = resolvePledgeSecret(config.pledgeSecret, config.dataDir);
  // Shared by the instances (STATE_SECRET): opaque keys for people in flight, sealed drafts at rest.
  const state = new StateSecret(config.stateSecret);
  if (!config.pledgeSecret) logger.warn("PLEDGE_SECRET is not set: the NIP key is generated into DATA_DIR, next to the hashes it protects; set PLEDGE_SECRET (kept outside DATA_DIR) in production");
  const pledges = new PledgeService(store, { secret, now, regions: knowledge.regions });
  const votes = new Votes(store.records("votes"), store.records<Feedback>("feedback"), secret, now);
  const purgeVotes = () => void votes.purge().catch((error: unknown) => logger.error(describeError(error), "vote purge failed"));
  purgeVotes();
  const votePurge = setInterval(purgeVotes, 24 * 3600_000).unref();
  pledges.start();
  const tasks = new BackgroundTasks((error) => logger.error(describeError(error), "background task failed"));
  const holder = instanceName();
  // Called only once the bot exists: the upkeep that purges starts with the other timers below.
  const forgetCopies = (purged: StoredReport[]) => tasks.run(() => deleteReviewerCopies(bot.api, config.reviewerChatId, purged, logger));
  const reports = await openReportDesk(config, store, now, logger, state, { relayDelayMs: options.reportRelayDelayMs, onPurged: forgetCopies });
  const flows = await openFlows(store, now, state, pledges, reports.desk);
  const deps: BotDeps = {
    config,
    store,
    ...knowledgeServices(knowledge),
    // Entries are looked up when a follow-up comes, so a knowledge reload (/muatulang) applies.
    conversations: new Conversations(store, state, (id) => deps.search.get(id)),
    logger,
    now,
    pledges,
    reports: reports.desk,
    tasks,
    flows,
    votes,
    handoff: openHandoffDesk(config, store, state, now, logger),
    questionLog: await QuestionLog.open(store, state, now, config.questionRetentionDays),
    ...createDeliveryServices({ store, knowledge, logger, now, messages: DELIVERY_MESSAGES, floodLimits: options.floodLimits, leaseSeconds: config.leaseSeconds, holder }, () => bot),
  };
  const bot = createBot(token, deps, options.botInfo ? { botInfo: options.botInfo } : {});
  const intake = new UpdateIntake({ inbound: store.inbound, secret: state, holder, leaseMs: Math.min(config.leaseSeconds * 1000, INTAKE_LEASE_MS), tasks, logger, handle: (update) => handleUpdate(bot, update as Update) });
  if (config.webhook && !config.stateSecret) logger.warn("STATE_SECRET is not set: webhook updates acknowledged but not yet handled when the process dies cannot be read after the restart and are dropped; set STATE_SECRET to keep them");
  const handoffs = scheduleHandoffUpkeep(bot, deps);
  // Deferred one turn, so the console can install its API transformer before the first send.
  const starting = setTimeout(() => {
    deps.reminders.start();
    deps.broadcasts.watch();
    reports.start();
    handoffs.start();
  }, 0);
  const close = async () => {
    clearTimeout(starting);
    clearInterval(votePurge);
    // Sends in flight may finish (a clean restart repeats nothing), but not wait out a long retry_after.
    const grace = AbortSignal.timeout(SHUTDOWN_GRACE_MS);
    // Acknowledged webhook updates and delayed report relays finish first: they may still write.
    // Updates still unhandled when the grace ends stay stored; their claims run out for the others.
    await intake.stop();
    await tasks.drain(grace);
    intake.close();
    await Promise.all([deps.reminders.stop(grace), deps.broadcasts.close(grace), handoffs.stop()]);
    pledges.stop();
    reports.stop();
    await store.close();
  };
  return { bot, deps, intake, close };
}

/** The wording of reminders and broadcast progress, owned by their features. */
const DELIVERY_MESSAGES: DeliveryMessages = { reminder: reminderMessage, progress: showBroadcastProgress };

/**
 * The hand-off desk, with the key that seals links to askers: `HANDOFF_SECRET` when set (kept
 * outside the data folder, it protects the links even from someone who copies that folder), else
 * a key generated into `DATA_DIR` (protects `db.json` on its own, e.g. in a backup).
 */
function openHandoffDesk(config: Config, store: SharedStore, state: StateSecret, now: () => Date, logger: Logger): HandoffDesk {
  // On PostgreSQL, HANDOFF_SECRET is required whenever hand-offs are on (config.ts); with them off
  // no link is ever sealed, and DATA_DIR (maybe absent on such a deployment) is not touched.
  const secret = config.handoffSecret ?? (store.kind === "postgres" ? config.stateSecret! : readOrCreateSecret(config.dataDir, HANDOFF_SECRET_FILE));
  if (config.expertChatId !== undefined && !config.handoffSecret) logger.warn("HANDOFF_SECRET is not set: hand-off links are sealed with a key generated into DATA_DIR, next to the links it protects; set HANDOFF_SECRET (kept outside DATA_DIR) in production");
  return new HandoffDesk({ store, secret: state, now, sealer: new LinkSealer(secret), linkDays: config.handoffLinkDays, remindHours: config.handoffRemindHours, retentionDays: config.questionRetentionDays });
}

/**
 * Runs hand-off upkeep now and every `HANDOFF_UPKEEP_MS`, one run at a time; `stop` ends the timer
 * and waits for a run in flight, so nothing writes to storage after it closes.
 */
function scheduleHandoffUpkeep(bot: Bot<BotContext>, deps: BotDeps): { start: () => void; stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    running ??= handoffUpkeep(bot.api, deps)
      .catch((error: Error) => deps.logger.error({ message: error.message }, "hand-off upkeep failed"))
      .finally(() => (running = undefined));
  };
  return {
    start: () => {
      run();
      timer = setInterval(run, HANDOFF_UPKEEP_MS);
      timer.unref();
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * The anonymous-report desk with its upkeep (retention purge, draft sweep), plus the start-up
 * warnings an operator must see: reports stored in the clear, or no reviewer chat to receive them.
 */
async function openReportDesk(
  config: Config,
  store: SharedStore,
  now: () => Date,
  logger: Logger,
  secret: StateSecret,
  hooks: Pick<ReportDeskOptions, "relayDelayMs" | "onPurged">,
): Promise<{ desk: ReportDesk; start: () => void; stop: () => void }> {
  const desk = await ReportDesk.open({ store, now, secret, publicKey: config.reportPublicKey, retentionDays: config.reportRetentionDays, ...hooks });
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
async function openFlows(store: SharedStore, now: () => Date, secret: StateSecret, pledges: PledgeService, reports: ReportDesk): Promise<ActiveFlows> {
  const registry = await ActiveFlows.open(now, store, secret);
  registry.register("report", (chatId) => reports.abandonConversation(chatId), { confidential: true });
  registry.register("pledge", (chatId) => pledges.forms.abandon(String(chatId)));
  return registry;
}
