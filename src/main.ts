import path from "node:path";
import { run } from "@grammyjs/runner";
import dotenv from "dotenv";
import { Api } from "grammy";
import { openApp, type App } from "./app.ts";
import type { BotCommand, BotCommandScope } from "grammy/types";
import { ADMIN_COMMANDS, EXPERT_COMMANDS, GROUP_COMMANDS, PRIVATE_COMMANDS, REVIEWER_COMMANDS } from "./bot/commands.ts";
import { connect, TokenRejected } from "./bot/connect.ts";
import { describeError } from "./bot/errors.ts";
import { loadConfig, type Config } from "./config.ts";
import { CONSOLE_BOT, runConsole } from "./console.ts";
import { KnowledgeError } from "./core/knowledge/load.ts";
import { createLogger, fileDestination } from "./logger.ts";
import { StorageError } from "./storage/store.ts";
import { startWebhookServer } from "./webhook.ts";
import type { Logger } from "pino";

/**
 * Registers the command menus: public ones for everyone, admin tools only in admins' chats and
 * /laporan only in the reviewers' chat, /antrean only in the experts' chat. A failure (e.g. an admin who never opened the bot) is
 * logged and must not keep the bot from answering.
 */
async function publishCommands(app: App): Promise<void> {
  const { config, logger } = app.deps;
  const menus: [BotCommand[], BotCommandScope][] = [
    [PRIVATE_COMMANDS, { type: "all_private_chats" }],
    [GROUP_COMMANDS, { type: "all_group_chats" }],
    ...config.adminIds.map((id): [BotCommand[], BotCommandScope] => [ADMIN_COMMANDS, { type: "chat", chat_id: id }]),
    ...(config.reviewerChatId === undefined ? [] : [[REVIEWER_COMMANDS, { type: "chat", chat_id: config.reviewerChatId }] as [BotCommand[], BotCommandScope]]),
    ...(config.expertChatId === undefined ? [] : [[EXPERT_COMMANDS, { type: "chat", chat_id: config.expertChatId }] as [BotCommand[], BotCommandScope]]),
  ];
  for (const [commands, scope] of menus) {
    await app.bot.api.setMyCommands(commands, { scope }).catch((error: unknown) => logger.warn({ ...describeError(error), scope: scope.type }, "setMyCommands failed"));
  }
}

/** Stops taking updates, lets in-flight ones finish, flushes storage, exits 0. */
function onSignal(stop: () => Promise<void>, app: App): void {
  let stopping = false;
  const handler = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.deps.logger.info({ signal }, "shutting down");
    try {
      await stop();
      await app.close();
    } catch (error) {
      app.deps.logger.fatal(describeError(error), "shutdown incomplete: data may not be saved");
      process.exit(1);
    }
    process.exit(0);
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
}

async function startPolling(app: App): Promise<void> {
  await app.bot.api.deleteWebhook();
  const runner = run(app.bot);
  onSignal(() => runner.stop(), app);
  app.deps.logger.info({ username: app.bot.botInfo.username }, "long polling through the runner");
  await runner.task();
}

async function startWebhook(app: App, webhook: NonNullable<Config["webhook"]>): Promise<void> {
  const { logger } = app.deps;
  // What a killed instance (this one before a restart, or another) acknowledged is handled first.
  app.intake.start();
  const server = await startWebhookServer({ port: webhook.port, secret: webhook.secret, logger, intake: app.intake });
  await app.bot.api.setWebhook(webhook.url, { secret_token: webhook.secret });
  // app.close() then lets updates already acknowledged finish before storage closes.
  onSignal(() => server.close(), app);
  logger.info({ port: webhook.port }, "webhook mode");
}

/**
 * Last-resort handlers. Node's default prints the error with everything attached to it — for a
 * grammY error the whole update and context, for a network error the URL with the token — so
 * only the log-safe description is written. A stray rejection is logged and the bot keeps
 * serving; an uncaught exception leaves the process in an unknown state, so it exits (the
 * supervisor restarts it).
 */
function guardProcess(logger: Logger): void {
  process.on("unhandledRejection", (reason) => logger.error(describeError(reason), "unhandled rejection"));
  process.on("uncaughtException", (error) => {
    logger.fatal(describeError(error), "uncaught exception; exiting");
    process.exit(1);
  });
}

/**
 * The first contact with Telegram. A refused token ends the start with one line and exit 2 (a
 * configuration problem); no connection is retried with growing waits, each attempt said on
 * stderr, until it works or the operator stops the process (Ctrl+C / systemctl stop).
 */
async function connectOrExit(app: App): Promise<void> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const plain = new Api(app.bot.token, { apiRoot: app.deps.config.apiRoot });
    app.bot.botInfo = await connect(plain, { report: (line) => console.error(line), signal: abort.signal });
  } catch (error) {
    if (!(error instanceof TokenRejected) && !abort.signal.aborted) throw error;
    if (error instanceof TokenRejected) console.error(error.message);
    await app.close();
    process.exit(abort.signal.aborted ? 0 : 2);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/** Console mode writes its logs to a file: JSON lines in the middle of the chat would be unreadable. */
const CONSOLE_LOG_FILE = "konsol.log";

/**
 * The console's log file, or stderr when DATA_DIR cannot be written: opening storage then fails
 * with the one operator line that names the real problem, instead of a stack trace from the logger.
 */
function consoleDestination(file: string): ReturnType<typeof fileDestination> | undefined {
  try {
    return fileDestination(file);
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const result = loadConfig(process.env);
  if (!result.ok) {
    for (const problem of result.problems) console.error(`Konfigurasi salah — ${problem}`);
    process.exit(2);
  }
  const config = result.config;
  // Data files hold personal data (pledges, reports): readable by the bot's own user only.
  process.umask(0o077);
  const consoleLog = config.botToken ? undefined : path.join(config.dataDir, CONSOLE_LOG_FILE);
  const secrets = [config.botToken, config.webhook?.secret, config.pledgeSecret, config.handoffSecret].filter((s): s is string => s !== undefined);
  const logger = createLogger(config.logLevel, consoleLog ? consoleDestination(consoleLog) : undefined, secrets);
  guardProcess(logger);
  for (const warning of result.warnings) logger.warn(warning);
  let app: App;
  try {
    app = await openApp(config, config.botToken ?? "console", { logger, botInfo: config.botToken ? undefined : CONSOLE_BOT });
  } catch (error) {
    if (error instanceof StorageError || error instanceof KnowledgeError) {
      console.error(`Tidak dapat memulai: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (consoleLog) {
    await runConsole(app, { logFile: consoleLog });
    await app.close();
    return;
  }
  await connectOrExit(app);
  await publishCommands(app);
  if (config.webhook) await startWebhook(app, config.webhook);
  else await startPolling(app);
}

await main();
