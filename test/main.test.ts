import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FakeTelegram } from "./support/fake-telegram.ts";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "main-"));
/** The environment of a fresh machine: nothing from the developer's shell or .env leaks in. */
const cleanEnv = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...extra });

// Each test starts Node with tsx; on a loaded 2-core machine that alone can take seconds.
const PROCESS_TIMEOUT = { timeout: 60_000 };

describe("npm start (src/main.ts as a process)", PROCESS_TIMEOUT, () => {
  it("exits 2 with one clear line per config problem and no stack trace", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { env: cleanEnv({ BOT_TOKEN: "salah", ADMIN_IDS: "x", DATA_DIR: tmp() }), encoding: "utf8" });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Konfigurasi salah — BOT_TOKEN: /);
    expect(run.stderr).not.toContain("    at ");
  });

  it("exits 2 with one clear Indonesian line when Telegram refuses the token (401), leaving no lock behind", async () => {
    const fake = await FakeTelegram.start();
    const dataDir = tmp();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env: cleanEnv({ BOT_TOKEN: "123456:REVOKED-token-the-fake-does-not-know", BOT_API_ROOT: fake.apiRoot, DATA_DIR: dataDir, LOG_LEVEL: "silent" }) });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^BOT_TOKEN ditolak Telegram \(401 Unauthorized\): token salah atau sudah dicabut\. .*@BotFather/);
    expect(stderr).not.toContain("REVOKED");
    expect(fs.existsSync(path.join(dataDir, ".lock"))).toBe(false);
    await fake.stop();
  });

  it("says so when Telegram cannot be reached and keeps retrying until stopped", async () => {
    const closed = await FakeTelegram.start();
    const apiRoot = closed.apiRoot;
    await closed.stop(); // nothing listens there any more
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env: cleanEnv({ BOT_TOKEN: closed.token, BOT_API_ROOT: apiRoot, DATA_DIR: tmp(), LOG_LEVEL: "silent" }) });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 40_000;
    while (!stderr.includes("Telegram tidak dapat dihubungi") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(stderr).toMatch(/Telegram tidak dapat dihubungi \(ECONNREFUSED\); mencoba lagi dalam 2 detik/);
    expect(stderr).not.toContain(closed.token);
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("keeps JSON log lines out of the console chat: they go to DATA_DIR/konsol.log, named in the banner", () => {
    const dataDir = tmp();
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { env: cleanEnv({ DATA_DIR: dataDir, LOG_LEVEL: "debug", ELECTION_DATE: "2027-11-27" }), input: "/jadwal\n", encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Log bot ditulis ke ${path.join(dataDir, "konsol.log")}`);
    expect(run.stdout).toContain("Belum ada jadwal pemungutan suara berikutnya di kalender.");
    expect(run.stdout.split("\n").filter((line) => line.trim().startsWith("{"))).toEqual([]);
    expect(run.stderr).toBe("");
    const log = fs.readFileSync(path.join(dataDir, "konsol.log"), "utf8");
    expect(log).toContain("belum ada jadwal pemungutan suara berikutnya di kalender");
    expect(log).toContain("ELECTION_DATE tidak dipakai lagi");
  });

  it("runs the same bot in the console without BOT_TOKEN: answers, lists buttons, presses one, exits 0 on EOF", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: cleanEnv({ DATA_DIR: tmp(), LOG_LEVEL: "silent" }),
      input: "/start\nPNS boleh like postingan paslon gak?\n1\n",
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("mode konsol");
    expect(run.stdout).toContain("❌ Tidak boleh");
    expect(run.stdout).toMatch(/\[1\] /);
    expect(run.stdout).toContain("Dasar hukum");
  });

  it("publishes command menus per audience and stops cleanly on SIGTERM while long polling", async () => {
    const fake = await FakeTelegram.start();
    const dataDir = tmp();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env: cleanEnv({ BOT_TOKEN: fake.token, BOT_API_ROOT: fake.apiRoot, DATA_DIR: dataDir, LOG_LEVEL: "silent", ADMIN_IDS: "42", REVIEWER_CHAT_ID: "-100777" }) });
    await fake.waitFor((c) => c.method === "setMyCommands" && c.payload.scope?.chat_id === -100777, 40_000);
    const menus = fake.callsOf("setMyCommands").map((c) => [c.payload.scope.type, c.payload.scope.chat_id, c.payload.commands.map((x: { command: string }) => x.command)]);
    expect(menus).toContainEqual(["chat", 42, expect.arrayContaining(["statistik", "siaran", "ikrar"])]);
    expect(menus).toContainEqual(["chat", -100777, expect.arrayContaining(["laporan"])]);
    expect(menus.find(([type]) => type === "all_private_chats")?.[2]).not.toContain("statistik");
    fake.push({ message: { message_id: 1, date: 0, chat: { id: 5, type: "private" }, from: { id: 5, is_bot: false, first_name: "A" }, text: "boleh like paslon?" } });
    await fake.waitFor((c) => c.method === "sendMessage", 10_000);
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "asn-netral.lock"))).toBe(false);
    await fake.stop();
  });
});

describe("webhook mode", PROCESS_TIMEOUT, () => {
  it("registers the webhook with its secret, answers updates that carry it and rejects those that do not", async () => {
    const fake = await FakeTelegram.start();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: cleanEnv({ BOT_TOKEN: fake.token, BOT_API_ROOT: fake.apiRoot, DATA_DIR: tmp(), LOG_LEVEL: "silent", WEBHOOK_URL: "https://bot.example.org/hook", WEBHOOK_SECRET: "rahasia_123", PORT: String(port) }),
    });
    const setWebhook = await fake.waitFor((c) => c.method === "setWebhook", 40_000);
    expect(setWebhook.payload).toMatchObject({ url: "https://bot.example.org/hook", secret_token: "rahasia_123" });
    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 7, type: "private" }, from: { id: 7, is_bot: false, first_name: "A" }, text: "/start" } };
    const post = (secret?: string) =>
      fetch(`http://127.0.0.1:${port}/`, { method: "POST", headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) }, body: JSON.stringify(update) });
    expect((await post("salah")).status).toBe(401);
    expect((await post("rahasia_123")).status).toBe(200);
    await fake.waitFor((c) => c.method === "sendMessage" && c.payload.chat_id === 7, 10_000);
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    await fake.stop();
  });
});
