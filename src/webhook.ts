import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { Logger } from "pino";
import { describeError } from "./bot/errors.ts";
import type { IncomingUpdate, UpdateIntake } from "./core/intake.ts";

/** Telegram's updates are a few kilobytes; anything far larger is not from Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;
const SECRET_HEADER = "x-telegram-bot-api-secret-token";

export type WebhookOptions = { port: number; secret: string; logger: Logger; intake: UpdateIntake };

/** A running webhook server; `close` stops taking updates (stored ones are the intake's business). */
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

/** The update in a request body, or undefined when it is not JSON with a numeric `update_id`. */
function parseUpdate(body: Buffer): IncomingUpdate | undefined {
  try {
    const update = JSON.parse(body.toString("utf8")) as Partial<IncomingUpdate> | null;
    return typeof update?.update_id === "number" ? (update as IncomingUpdate) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Webhook mode without grammY's `webhookCallback`, whose 10-second limit throws while a slow Bot
 * API, a `retry_after` or a chat's queue holds the update. Here each update is acknowledged as
 * soon as its secret and JSON check out and the intake has stored it (so a killed instance loses
 * nothing acknowledged), and is handled in the background. A store that fails gets 500 and
 * Telegram resends the update; while closing, updates get 503 and go to another instance or the
 * next start.
 */
export async function startWebhookServer(options: WebhookOptions): Promise<WebhookServer> {
  const { secret, logger, intake } = options;
  let closing = false;
  const server = http.createServer((req, res) => {
    if (req.method !== "POST") return void res.writeHead(200).end("ASN Netral OK");
    if (!secretMatches(req.headers[SECRET_HEADER], secret)) return void res.writeHead(401).end();
    if (closing) return void res.writeHead(503).end();
    void readBody(req).then(
      (body) => {
        if (!body) return void res.writeHead(413).end();
        const update = parseUpdate(body);
        if (!update) {
          logger.warn("webhook request is not an update; ignored");
          return void res.writeHead(400).end();
        }
        intake.accept(update).then(
          () => res.writeHead(200).end(),
          (error: unknown) => {
            logger.error(describeError(error), "update not stored; answered 500, Telegram sends it again");
            res.writeHead(500).end();
          },
        );
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
