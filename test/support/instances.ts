import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** One bot process in webhook mode (src/main.ts), as a deployment behind a load balancer runs it. */
export type Instance = { child: ChildProcess; port: number; exited: Promise<number | null> };

export const WEBHOOK_SECRET = "webhook_secret_instances";

/** Where an instance keeps its state: a PostgreSQL schema, or a lowdb data directory (one instance). */
export type InstanceStore = { url: string; schema: string } | { dataDir: string };

/**
 * A port the system has just handed out as free. A random port could be taken by a parallel test
 * file's connection, and the instance would then die on start (EADDRINUSE).
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `src/main.ts` in webhook mode on a free port against a (fake) Bot API and a PostgreSQL
 * schema or a data directory; the secrets every instance of one deployment shares are fixed here.
 */
export async function startInstance(api: { token: string; apiRoot: string }, database: InstanceStore, extra: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: os.tmpdir(),
    BOT_TOKEN: api.token,
    BOT_API_ROOT: api.apiRoot,
    ...("dataDir" in database ? { DATA_DIR: database.dataDir } : { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "instance-")), DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema }),
    PLEDGE_SECRET: "pledge-secret-shared-by-instances",
    STATE_SECRET: "state-secret-shared-by-both-instances-0123456789",
    WEBHOOK_URL: "https://bot.example.org/hook",
    WEBHOOK_SECRET,
    PORT: String(port),
    LOG_LEVEL: "silent",
    ...extra,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, port, exited };
}

/** Resolves once the instance answers HTTP (its webhook server is up). */
export async function ready(instance: Instance, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await fetch(`http://127.0.0.1:${instance.port}/`).then((r) => r.ok, () => false)) return;
    if (instance.child.exitCode !== null) throw new Error(`instance exited with ${instance.child.exitCode}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("instance did not start");
}

/** Posts one update as Telegram would; returns the HTTP status. */
export async function postUpdate(instance: Instance, update: Record<string, unknown>): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  return response.status;
}
