import { BotError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { BotContext } from "./context.ts";

/**
 * Handles one update as the runner does in polling mode: a failing handler reaches `bot.catch`
 * (the same log-safe handler), never an unhandled rejection that would print the context.
 */
export async function handleUpdate(bot: Bot<BotContext>, update: Update): Promise<void> {
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    if (error instanceof BotError) await bot.errorHandler(error);
    else throw error;
  }
}
