import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { Bot } from "grammy";
import type { Config } from "./config.ts";
import { createBot } from "./bot/create-bot.ts";
import type { BotContext, BotDeps } from "./bot/context.ts";
import { loadKnowledge } from "./core/knowledge/load.ts";
import { KnowledgeSearch } from "./core/knowledge/search.ts";
import { LowdbStore } from "./storage/lowdb-store.ts";

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
  const deps: BotDeps = {
    config,
    store,
    knowledge,
    search: new KnowledgeSearch(knowledge.entries, knowledge.lexicon),
    logger,
    now: options.now ?? (() => new Date()),
  };
  const bot = createBot(token, deps, options.botInfo ? { botInfo: options.botInfo } : {});
  return { bot, deps, close: () => store.close() };
}
