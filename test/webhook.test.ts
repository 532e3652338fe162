import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "./support/fake-telegram.ts";

/** Who writes to the bot in these tests: every part of them is grepped for in the output. */
const REPORTER = { id: 918273645, is_bot: false, first_name: "Sulastri", last_name: "Wiryaningsih", username: "saksi_diam_diam" };
const OTHER = { id: 918273646, is_bot: false, first_name: "Bonaventura", last_name: "Kewuan", username: "penanya_lain" };
const TEXTS = ["Camat Harjosuwarno membagikan amplop", "Apakah Kadis Mulyaningrum boleh kampanye", "Sekda Tanjungwaru memakai mobil dinas"];
const SECRETS = { WEBHOOK_SECRET: "kunci_webhook_Zq81xPq", PLEDGE_SECRET: "kunci-ikrar-9fJ2mLw0pQ" };

/** Waits for `predicate` to hold, polling; fails with `what` after `ms`. */
async function until(predicate: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The real `src/main.ts` in webhook mode at LOG_LEVEL=trace against a Bot API that refuses,
 * is slow, or stalls: the process stays up, answers Telegram at once, and nothing it prints
 * names the person or carries a secret.
 */
describe("webhook mode under failing and slow Bot API calls", { timeout: 90_000 }, () => {
  let fake: FakeTelegram;
  let child: ChildProcess;
  let output = "";
  let port: number;
  let dataDir: string;
  let nextUpdate = 1;
  const exit = () => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", resolve)));

  const post = (update: Record<string, unknown>) =>
    fetch(`http://127.0.0.1:${port}/`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRETS.WEBHOOK_SECRET },
      body: JSON.stringify({ update_id: nextUpdate++, ...update }),
    });
  const message = (from: typeof REPORTER, text: string) => ({
    message: { message_id: nextUpdate, date: 0, chat: { id: from.id, type: "private", first_name: from.first_name, last_name: from.last_name, username: from.username }, from, text, ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] } : {}) },
  });
  const press = (from: typeof REPORTER, data: string) => ({
    callback_query: { id: `cb${nextUpdate}`, from, chat_instance: "ci", data, message: { message_id: 5, date: 0, chat: { id: from.id, type: "private" }, text: TEXTS[0] } },
  });

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    port = 20_000 + Math.floor(Math.random() * 20_000);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "webhook-"));
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: os.tmpdir(),
        BOT_TOKEN: fake.token,
        BOT_API_ROOT: fake.apiRoot,
        DATA_DIR: dataDir,
        LOG_LEVEL: "trace",
        WEBHOOK_URL: "https://bot.example.org/hook",
        PORT: String(port),
        REVIEWER_CHAT_ID: "-100555",
        ...SECRETS,
      },
    });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    await fake.waitFor((c) => c.method === "setWebhook", 40_000);
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await fake.stop();
  });

  it("survives a blocked reporter (403), a stale button (400) and an unmodified message (400)", async () => {
    fake.blocked.add(REPORTER.id);
    expect((await post(message(REPORTER, "/lapor"))).status).toBe(200);
    await fake.waitFor((c) => c.method === "sendMessage" && c.payload.chat_id === REPORTER.id && c.status === 403);
    fake.blocked.delete(REPORTER.id);

    fake.failures.push({ method: "answerCallbackQuery", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: query is too old and response timeout expired or query ID is invalid" } });
    expect((await post(press(REPORTER, "lp:kirim"))).status).toBe(200);
    await fake.waitFor((c) => c.method === "answerCallbackQuery" && c.status === 400);

    fake.failures.push({ method: "sendMessage", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: message is not modified" } });
    expect((await post(message(REPORTER, TEXTS[1]!))).status).toBe(200);
    await fake.waitFor((c) => c.method === "sendMessage" && c.status === 400 && c.payload.chat_id === REPORTER.id);

    const before = fake.calls.length;
    await post(message(OTHER, "/start"));
    await fake.waitFor((c) => fake.calls.indexOf(c) >= before && c.method === "sendMessage" && c.payload.chat_id === OTHER.id && c.status === 200);
    expect(child.exitCode).toBeNull();
  });

  it("acknowledges an update at once while the Bot API stalls, and finishes it afterwards", async () => {
    let release!: () => void;
    fake.held.set("sendMessage", new Promise<void>((resolve) => (release = resolve)));
    const before = fake.calls.length;
    const answered = await post(message(REPORTER, TEXTS[2]!));
    expect(answered.status).toBe(200);
    // The reply is still held by the Bot API: the acknowledgement did not wait for it.
    expect(fake.calls.slice(before).some((c) => c.method === "sendMessage")).toBe(false);
    release();
    fake.held.delete("sendMessage");
    await fake.waitFor((c) => fake.calls.indexOf(c) >= before && c.method === "sendMessage" && c.payload.chat_id === REPORTER.id);
    expect(child.exitCode).toBeNull();
  });

  it("lets an acknowledged update finish on SIGTERM, then exits 0", async () => {
    let release!: () => void;
    fake.held.set("sendMessage", new Promise<void>((resolve) => (release = resolve)));
    const before = fake.calls.length;
    expect((await post(message(OTHER, TEXTS[0]!))).status).toBe(200);
    child.kill("SIGTERM");
    await until(() => output.includes("shutting down"), "shutdown log");
    release();
    expect(await exit()).toBe(0);
    expect(fake.calls.slice(before).some((c) => c.method === "sendMessage" && c.payload.chat_id === OTHER.id)).toBe(true);
  });

  it("printed nothing that names the people or carries a secret, at every log level", () => {
    expect(fs.statSync(path.join(dataDir, "db.json")).mode & 0o077).toBe(0);
    const db = JSON.parse(fs.readFileSync(path.join(dataDir, "db.json"), "utf8"));
    const pepper = db["report-secrets"]?.pepper as string;
    expect(pepper).toBeTruthy();
    expect(output).toContain("update failed");
    const forbidden = [
      ...[REPORTER, OTHER].flatMap((u) => [String(u.id), u.first_name, u.last_name, u.username]),
      ...TEXTS,
      fake.token,
      fake.token.split(":")[1]!,
      SECRETS.WEBHOOK_SECRET,
      SECRETS.PLEDGE_SECRET,
      pepper,
    ];
    for (const needle of forbidden) expect(output, needle).not.toContain(needle);
  });
});
