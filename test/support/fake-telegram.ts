import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FloodLimits, FloodWindow } from "../../src/bot/outbox.ts";

/** One Bot API call as the fake received it, with what it answered (`result`, e.g. the sent message). */
export type ApiCall = { method: string; payload: Record<string, any>; at: number; status: number; result?: any };

type Waiter = { resolve: () => void; timer: NodeJS.Timeout };

export type FakeTelegramOptions = {
  /** Latency of every call, as seen from a real network (the throughput benchmark uses 100 ms). */
  latencyMs?: number;
  /**
   * Flood limits, off unless given: messages (sends, copies, edits) beyond a window are answered
   * 429 with the `retry_after` that frees it. `TELEGRAM_LIMITS` is Telegram's; tests scale them down.
   */
  floodLimits?: FloodLimits;
};

/** Telegram's limits as the fake enforces them: 30 a second in all, 20 a minute per group, 3 in 3 s per private chat. */
export const TELEGRAM_LIMITS: FloodLimits = { global: { max: 30, ms: 1000 }, group: { max: 20, ms: 60_000 }, private: { max: 3, ms: 3000 } };

/** What every file downloaded from the fake contains. */
export const FILE_CONTENT = Buffer.from("%PDF-1.4 bukti palsu");

const SEND_METHODS = new Set(["sendMessage", "copyMessage", "sendPhoto", "sendDocument", "forwardMessage", "sendMediaGroup"]);
const ALLOWED_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote", "tg-emoji"]);

/** Telegram's HTML parser, strictly enough to catch unescaped user text. Returns the visible text or an error. */
export function parseHtml(html: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = "";
  const token = /<(\/?)([a-zA-Z-]+)([^>]*)>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[<>&]|[^<>&]+/g;
  for (const match of html.matchAll(token)) {
    const [whole, closing, tag, , entity] = match;
    if (tag !== undefined) {
      const name = tag.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) return { error: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${match.index}` };
      if (closing) {
        if (stack.pop() !== name) return { error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${match.index}, expected "</${stack.at(-1) ?? ""}>", found "</${name}>"` };
      } else stack.push(name);
    } else if (entity !== undefined) {
      if (!/^(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot)$/.test(entity)) return { error: `Bad Request: can't parse entities: Unsupported HTML entity "&${entity};"` };
      text += "x";
    } else if (whole === "<" || whole === ">" || whole === "&") {
      if (whole === "&") {
        text += "&";
        continue;
      }
      return { error: `Bad Request: can't parse entities: Unexpected "${whole}" at byte offset ${match.index}` };
    } else text += whole;
  }
  if (stack.length) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"` };
  return { text };
}

/**
 * A small Bot API server on 127.0.0.1 for end-to-end tests and benchmarks: it feeds updates to
 * `getUpdates`, records every call, and answers like Telegram does — 400 for unparsable HTML,
 * over-long text or callback data, 429 with `retry_after` over the rate limit, 403 for chats that
 * blocked the bot, 400 with `migrate_to_chat_id` for upgraded groups.
 */
export class FakeTelegram {
  readonly token = "123456:TEST-token-for-the-fake-bot-api";
  readonly botInfo = { id: 999, is_bot: true, first_name: "ASN Netral", username: "asn_netral_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
  readonly calls: ApiCall[] = [];
  /** Chats that blocked the bot or kicked it: sends answer 403. */
  readonly blocked = new Set<number>();
  /** Groups upgraded to supergroups: sends to the old id answer 400 with the new id. */
  readonly migrated = new Map<number, number>();
  /** Per chat: user ids that are administrators (for getChatMember). */
  readonly admins = new Map<number, Set<number>>();
  /** Per chat: user ids that are not in it (getChatMember answers "left"); everyone else is a member. */
  readonly nonMembers = new Map<number, Set<number>>();
  /** Methods that fail once with the given answer, then work (e.g. a 429 for sendMessage). */
  readonly failures: { method: string; status: number; body: Record<string, unknown> }[] = [];
  /** Sends per chat id that succeeded (what the user actually received). */
  readonly delivered = new Map<number, number>();
  /** Methods whose answers wait until the promise settles (a slow or stalled Bot API). */
  readonly held = new Map<string, Promise<unknown>>();
  rateLimited = 0;

  #server!: http.Server;
  #updates: Record<string, unknown>[] = [];
  #nextUpdateId = 1;
  #nextMessageId = 1000;
  #waiters: Waiter[] = [];
  #sendTimes: number[] = [];
  #chatSendTimes = new Map<number, number[]>();
  #callWaiters: (() => void)[] = [];

  constructor(readonly options: FakeTelegramOptions = {}) {}

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(options);
    fake.#server = http.createServer((req, res) => void fake.#handle(req, res));
    fake.#server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  async stop(): Promise<void> {
    for (const w of this.#waiters) w.resolve();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Queues an update (without `update_id`) for the bot's next `getUpdates`. */
  push(update: Record<string, unknown>): number {
    const update_id = this.#nextUpdateId++;
    this.#updates.push({ update_id, ...update });
    for (const w of this.#waiters.splice(0)) w.resolve();
    return update_id;
  }

  /** Updates not yet confirmed by the bot (it confirms by asking with a higher offset). */
  get pendingUpdates(): number {
    return this.#updates.length;
  }

  nextMessageId(): number {
    return this.#nextMessageId++;
  }

  /** Calls of one method, optionally to one chat. */
  callsOf(method: string, chatId?: number): ApiCall[] {
    return this.calls.filter((c) => c.method === method && (chatId === undefined || Number(c.payload.chat_id) === chatId));
  }

  /** Resolves when a call matching `predicate` has been answered; rejects after `timeoutMs`. */
  async waitFor(predicate: (call: ApiCall) => boolean, timeoutMs = 10_000): Promise<ApiCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for a Bot API call; last calls: ${this.calls.slice(-5).map((c) => `${c.method} ${JSON.stringify(c.payload).slice(0, 200)}`).join(" | ")}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.#callWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.url?.startsWith(`/file/bot${this.token}/`)) return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(FILE_CONTENT);
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (!match || match[1] !== this.token) return this.#send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2] as string;
    const payload = await parseBody(req, body);
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    await this.held.get(method);
    const [status, answer] = method === "getUpdates" ? await this.#getUpdates(payload) : this.#answer(method, payload);
    if (method !== "getUpdates") {
      this.calls.push({ method, payload, at: Date.now(), status, result: (answer as { result?: unknown }).result });
      for (const w of this.#callWaiters.splice(0)) w();
    }
    this.#send(res, status, answer);
  }

  #send(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  async #getUpdates(payload: Record<string, any>): Promise<[number, unknown]> {
    const offset = Number(payload.offset ?? 0);
    this.#updates = this.#updates.filter((u) => (u.update_id as number) >= offset);
    if (this.#updates.length === 0 && Number(payload.timeout ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const waiter: Waiter = { resolve, timer: setTimeout(resolve, Math.min(Number(payload.timeout), 1) * 1000) };
        this.#waiters.push(waiter);
      });
    }
    return [200, { ok: true, result: this.#updates.slice(0, Number(payload.limit ?? 100)) }];
  }

  #error(status: number, description: string, parameters?: Record<string, unknown>): [number, unknown] {
    return [status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) }];
  }

  /** Counts a message against the global and the chat's window, or answers 429 with the wait that frees them. */
  #rateLimit(chatId: number): [number, unknown] | undefined {
    const now = Date.now();
    const { global, group, private: perPrivate } = this.options.floodLimits ?? {};
    const chatWindow = chatId > 0 ? perPrivate : group;
    const chatTimes = this.#chatSendTimes.get(chatId) ?? [];
    const wait = Math.max(overflow(this.#sendTimes, global, now), overflow(chatTimes, chatWindow, now));
    if (wait > 0) {
      this.rateLimited++;
      const retryAfter = Math.ceil(wait / 1000);
      return this.#error(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    if (global) this.#sendTimes.push(now);
    if (chatWindow) this.#chatSendTimes.set(chatId, chatTimes.concat(now));
    return undefined;
  }

  #validate(method: string, p: Record<string, any>): [number, unknown] | undefined {
    const text = method === "sendMessage" || method === "editMessageText" ? p.text : p.caption;
    if ((method === "sendMessage" || method === "editMessageText") && (typeof text !== "string" || text.trim() === "")) return this.#error(400, "Bad Request: message text is empty");
    if (typeof text === "string") {
      let visible = text;
      if (p.parse_mode === "HTML") {
        const parsed = parseHtml(text);
        if ("error" in parsed) return this.#error(400, parsed.error);
        visible = parsed.text;
      } else if (p.parse_mode) return this.#error(400, `Bad Request: unsupported parse_mode in this fake: ${p.parse_mode}`);
      const limit = p.caption !== undefined && method !== "sendMessage" && method !== "editMessageText" ? 1024 : 4096;
      if ([...visible].length > limit) return this.#error(400, limit === 4096 ? "Bad Request: message is too long" : "Bad Request: message caption is too long");
    }
    const keyboard: any[][] = p.reply_markup?.inline_keyboard ?? [];
    for (const button of keyboard.flat()) {
      if (button.callback_data !== undefined && Buffer.byteLength(String(button.callback_data)) > 64) return this.#error(400, "Bad Request: BUTTON_DATA_INVALID");
      if (!button.text) return this.#error(400, "Bad Request: BUTTON_TEXT_INVALID");
    }
    if (method === "answerCallbackQuery" && typeof p.text === "string" && [...p.text].length > 200) return this.#error(400, "Bad Request: MESSAGE_TOO_LONG");
    return undefined;
  }

  #answer(method: string, p: Record<string, any>): [number, unknown] {
    const failure = this.failures.findIndex((f) => f.method === method);
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      return [f!.status, f!.body];
    }
    const chatId = Number(p.chat_id);
    if (SEND_METHODS.has(method) || method === "editMessageText") {
      if (this.blocked.has(chatId)) return this.#error(403, chatId > 0 ? "Forbidden: bot was blocked by the user" : "Forbidden: bot was kicked from the group chat");
      const newId = this.migrated.get(chatId);
      if (newId !== undefined) return this.#error(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: newId });
      const invalid = this.#validate(method, p);
      if (invalid) return invalid;
      const limited = this.#rateLimit(chatId);
      if (limited) return limited;
      if (SEND_METHODS.has(method)) this.delivered.set(chatId, (this.delivered.get(chatId) ?? 0) + 1);
    } else {
      const invalid = this.#validate(method, p);
      if (invalid) return invalid;
    }
    return [200, { ok: true, result: this.#result(method, p) }];
  }

  #result(method: string, p: Record<string, any>): unknown {
    const chat = { id: Number(p.chat_id), type: Number(p.chat_id) > 0 ? "private" : "supergroup" };
    const message = { message_id: this.nextMessageId(), date: Math.floor(Date.now() / 1000), chat, from: this.botInfo };
    switch (method) {
      case "getMe":
        return this.botInfo;
      case "sendMessage":
      case "editMessageText":
        return { ...message, ...(p.message_id ? { message_id: Number(p.message_id) } : {}), text: p.text };
      case "copyMessage":
        return { message_id: message.message_id };
      case "sendDocument":
        return { ...message, document: { file_id: `doc-${message.message_id}`, file_unique_id: `u${message.message_id}`, file_name: p.document?.filename } };
      case "sendPhoto":
        return { ...message, photo: [{ file_id: `photo-${message.message_id}`, file_unique_id: `u${message.message_id}`, width: 1, height: 1 }] };
      case "getChatMember": {
        const isAdmin = this.admins.get(Number(p.chat_id))?.has(Number(p.user_id));
        const left = this.nonMembers.get(Number(p.chat_id))?.has(Number(p.user_id));
        return { status: isAdmin ? "administrator" : left ? "left" : "member", user: { id: Number(p.user_id), is_bot: false, first_name: "Member" } };
      }
      case "getChat":
        return chat;
      case "getFile":
        return { file_id: p.file_id, file_unique_id: `u-${p.file_id}`, file_size: FILE_CONTENT.length, file_path: `documents/file_${message.message_id}.pdf` };
      default:
        return true;
    }
  }
}

/**
 * How long until one more message fits in `window` (0 = it fits now). Drops the times that left
 * the window from `times` (ascending) as it goes.
 */
function overflow(times: number[], window: FloodWindow | undefined, now: number): number {
  if (!window) return 0;
  while (times.length && (times[0] as number) <= now - window.ms) times.shift();
  return times.length < window.max ? 0 : (times[times.length - window.max] as number) + window.ms - now;
}

/** JSON for ordinary calls; multipart (file uploads) through the WHATWG parser built into Node. */
async function parseBody(req: http.IncomingMessage, body: Buffer): Promise<Record<string, any>> {
  const type = req.headers["content-type"] ?? "";
  if (body.length === 0) return {};
  if (type.includes("application/json")) return JSON.parse(body.toString("utf8"));
  if (type.includes("multipart/form-data")) {
    const form = await new Response(new Uint8Array(canonicalPartHeaders(body)), { headers: { "content-type": type } }).formData();
    const out: Record<string, any> = {};
    for (const [key, value] of form.entries()) {
      if (typeof value === "string") {
        try {
          out[key] = JSON.parse(value);
        } catch {
          out[key] = value;
        }
      } else out[key] = { filename: value.name, content: Buffer.from(await value.arrayBuffer()) };
    }
    // grammY sends files as attach://<id> references; resolve them to the uploaded part.
    for (const [key, value] of Object.entries(out)) {
      if (typeof value === "string" && value.startsWith("attach://")) out[key] = out[value.slice("attach://".length)];
    }
    return out;
  }
  return {};
}

/**
 * grammY writes part headers tersely (`content-disposition:form-data;name="x";filename=a.csv`);
 * Telegram accepts that, Node 20's FormData parser does not. The part headers are rewritten in the
 * canonical spelling before parsing; latin1 keeps the file bytes intact.
 */
function canonicalPartHeaders(body: Buffer): Buffer {
  const header = /\r\ncontent-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename="?([^"\r\n;]*)"?)?\r\n/gi;
  const rewritten = body.toString("latin1").replace(header, (_, name: string, filename?: string) => `\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? "" : `; filename="${filename}"`}\r\n`);
  return Buffer.from(rewritten, "latin1");
}
