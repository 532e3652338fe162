import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import { BotError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { BotContext } from "./bot/context.ts";
import { describeError } from "./bot/errors.ts";
import type { BackgroundTasks } from "./core/background.ts";

/** Telegram's updates are a few kilobytes; anything far larger is not from Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;
const SECRET_HEADER = "x-telegram-bot-api-secret-token";

export type WebhookOptions = { port: number; secret: string; logger: Logger; tasks: BackgroundTasks };

/** A running webhook server; `close` stops taking updates (in-flight ones are the tasks' business). */
export type WebhookServer = { close: () => Promise<void> };

function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string") return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Handles one update as the runner does in polling mode: a failing handler reaches `bot.catch`
 * (the same log-safe handler), never an unhandled rejection that would print the context.
 */
async function handle(bot: Bot<BotContext>, update: Update): Promise<void> {
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    if (error instanceof BotError) await bot.errorHandler(error);
    else throw error;
  }
}

/**
 * Webhook mode without grammY's `webhookCallback`, whose 10-second limit throws while a slow Bot
 * API, a `retry_after` or a chat's queue holds the update. Here each update is acknowledged as
 * soon as its secret and JSON check out and is handled in the background, tracked by `tasks` so
 * a graceful shutdown lets it finish. While closing, updates get 503 and Telegram resends them
 * to the next start.
 */
export async function startWebhookServer(bot: Bot<BotContext>, options: WebhookOptions): Promise<WebhookServer> {
  const { secret, logger, tasks } = options;
  let closing = false;
  const server = http.createServer((req, res) => {
    if (req.method !== "POST") return void res.writeHead(200).end("ASN Netral OK");
    if (!secretMatches(req.headers[SECRET_HEADER], secret)) return void res.writeHead(401).end();
    if (closing) return void res.writeHead(503).end();
    void readBody(req).then(
      (body) => {
        if (!body) return void res.writeHead(413).end();
        let update: Update;
        try {
          update = JSON.parse(body.toString("utf8")) as Update;
        } catch {
          logger.warn("webhook request is not JSON; ignored");
          return void res.writeHead(400).end();
        }
        res.writeHead(200).end();
        tasks.run(() => handle(bot, update));
      },
      (error: unknown) => {
        logger.warn(describeError(error), "webhook request could not be read");
        if (!res.headersSent) res.writeHead(400).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port, resolve));
  return {
    close: () => {
      closing = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
