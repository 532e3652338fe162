import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { openApp, type App, type AppOptions } from "../../src/app.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { FakeTelegram, type ApiCall } from "./fake-telegram.ts";

/** A controllable clock: tests set or move time to fire reminders and expire forms. */
export class TestClock {
  constructor(public current = new Date("2026-11-20T03:00:00Z")) {}
  now = (): Date => new Date(this.current.getTime());
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export type TestUser = { id: number; first_name: string; last_name?: string; username?: string; is_bot: false };

export type HarnessOptions = {
  env?: Record<string, string>;
  clock?: TestClock;
  dataDir?: string;
  fake?: FakeTelegram;
  /**
   * Passed to `openApp` (storage injection, relay delay, flood limits); reports are relayed at once
   * and nothing is flood-limited by default, so specs not about flooding run at full speed.
   */
  app?: Partial<AppOptions>;
};

/**
 * The real app and the real grammY runner against a fake Bot API: each spec starts one, talks to
 * the bot as Telegram would (updates in, API calls out) and asserts on the calls.
 */
export class Harness {
  app!: App;
  runner!: RunnerHandle;
  readonly logs: string[] = [];
  #nextMessageId = 1;

  private constructor(
    readonly fake: FakeTelegram,
    readonly dataDir: string,
    readonly clock: TestClock,
    readonly env: Record<string, string>,
    readonly ownsFake: boolean,
    readonly appOptions: Partial<AppOptions>,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const fake = options.fake ?? (await FakeTelegram.start());
    const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "asn-netral-"));
    const harness = new Harness(fake, dataDir, options.clock ?? new TestClock(), options.env ?? {}, !options.fake, options.app ?? {});
    await harness.#boot();
    return harness;
  }

  get config(): Config {
    return this.app.deps.config;
  }

  async #boot(): Promise<void> {
    const result = loadConfig({ BOT_TOKEN: this.fake.token, BOT_API_ROOT: this.fake.apiRoot, DATA_DIR: this.dataDir, LOG_LEVEL: "debug", ...this.env });
    if (!result.ok) throw new Error(result.problems.join("; "));
    const logger = createLogger("debug", { write: (line: string) => void this.logs.push(line) });
    this.app = await openApp(result.config, this.fake.token, { logger, now: this.clock.now, reportRelayDelayMs: () => 0, floodLimits: {}, ...this.appOptions });
    await this.app.bot.init();
    this.runner = run(this.app.bot, { runner: { fetch: { timeout: 1 } } });
  }

  /** Stops the bot like SIGTERM does (in-flight updates finish, storage flushed). */
  async shutdown(): Promise<void> {
    if (this.runner.isRunning()) await this.runner.stop();
    await this.app.close();
  }

  /** A clean stop and a new process-equivalent on the same data directory. */
  async restart(): Promise<void> {
    await this.shutdown();
    await this.#boot();
  }

  async stop(): Promise<void> {
    await this.shutdown();
    if (this.ownsFake) await this.fake.stop();
  }

  user(id: number, first_name = `User${id}`, username?: string): TestUser {
    return { id, first_name, username, is_bot: false };
  }

  /** Sends a text as `from` in a private chat (or `chat`) and returns the number of calls before it. */
  send(from: TestUser, text: string, chat: { id: number; type: string; title?: string } = { id: from.id, type: "private" }, extra: Record<string, unknown> = {}): number {
    const before = this.fake.calls.length;
    const command = /^\/\w+(@\w+)?/.exec(text);
    const message = {
      message_id: this.#nextMessageId++,
      date: Math.floor(this.clock.now().getTime() / 1000),
      chat: chat.type === "private" ? { ...chat, first_name: from.first_name } : chat,
      from,
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      ...extra,
    };
    this.fake.push({ message });
    return before;
  }

  /** The id of the last message a test user sent (to edit it). */
  get lastMessageId(): number {
    return this.#nextMessageId - 1;
  }

  /** The user edits their private message `messageId` to `text`. */
  edit(from: TestUser, messageId: number, text: string): number {
    const before = this.fake.calls.length;
    const date = Math.floor(this.clock.now().getTime() / 1000);
    this.fake.push({ edited_message: { message_id: messageId, date, edit_date: date, chat: { id: from.id, type: "private", first_name: from.first_name }, from, text } });
    return before;
  }

  /** Pushes any message (photo, document, sticker...) from `from` in their private chat. */
  sendMessage(from: TestUser, fields: Record<string, unknown>, chat: { id: number; type: string; title?: string } = { id: from.id, type: "private" }): number {
    const before = this.fake.calls.length;
    this.fake.push({ message: { message_id: this.#nextMessageId++, date: Math.floor(this.clock.now().getTime() / 1000), chat, from, ...fields } });
    return before;
  }

  /** Presses an inline button with `data` under the bot message `messageId`. */
  press(from: TestUser, data: string, messageId = 1, chat: { id: number; type: string } = { id: from.id, type: "private" }): number {
    const before = this.fake.calls.length;
    this.fake.push({
      callback_query: {
        id: `cb${this.#nextMessageId++}`,
        from,
        chat_instance: "ci",
        data,
        message: { message_id: messageId, date: 0, chat, from: this.fake.botInfo, text: "…" },
      },
    });
    return before;
  }

  /**
   * The first call after index `after` matching the method (and chat, for calls that name one),
   * waiting for it. 429 answers are skipped: auto-retry repeats those calls.
   */
  next(after: number, method = "sendMessage", chatId?: number, timeoutMs = 10_000): Promise<ApiCall> {
    return this.fake.waitFor(
      (c) =>
        this.fake.calls.indexOf(c) >= after &&
        c.method === method &&
        c.status !== 429 &&
        (chatId === undefined || c.payload.chat_id === undefined || Number(c.payload.chat_id) === chatId),
      timeoutMs,
    );
  }

  /** Sends a text and waits for the bot's reply message in the same chat. */
  async ask(from: TestUser, text: string, chat?: { id: number; type: string; title?: string }): Promise<ApiCall> {
    const before = this.send(from, text, chat);
    return this.next(before, "sendMessage", chat?.id ?? from.id);
  }

  /** Presses a button and waits for the bot's next message in that chat. */
  async click(from: TestUser, data: string, method = "sendMessage", messageId = 1): Promise<ApiCall> {
    const before = this.press(from, data, messageId);
    return this.next(before, method, from.id);
  }

  /** Resolves once the bot confirmed every queued update and no handler is running. */
  async idle(): Promise<void> {
    const deadline = Date.now() + 5000;
    while ((this.fake.pendingUpdates > 0 || this.runner.size() > 0 || this.app.deps.tasks.size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Every callback_data of an inline keyboard in a call. */
export function buttons(call: ApiCall): { text: string; data?: string; url?: string }[] {
  return ((call.payload.reply_markup?.inline_keyboard ?? []) as any[][]).flat().map((b) => ({ text: b.text, data: b.callback_data, url: b.url }));
}
