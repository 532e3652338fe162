import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { Transformer } from "grammy";
import type { InlineKeyboardButton, Message, Update, UserFromGetMe } from "grammy/types";
import type { App } from "./app.ts";
import { htmlToText } from "./bot/format/html.ts";

/** Who types in the console: a private chat with one local user (add this id to ADMIN_IDS to try admin commands). */
export const CONSOLE_USER = { id: 1, is_bot: false, first_name: "Pengguna Konsol" } as const;

/** The bot identity used when there is no Telegram to ask. */
export const CONSOLE_BOT: UserFromGetMe = {
  id: 10,
  is_bot: true,
  first_name: "ASN Netral",
  username: "asn_netral_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

type Button = { text: string; data?: string; url?: string };

/** Where the console reads and writes, and the log file it names in its banner. */
export type ConsoleOptions = { logFile: string; input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream };

/**
 * Runs the real bot in a terminal: every stdin line is a message from a local user, every Bot API
 * call is answered here and printed. Same handlers and storage as on Telegram; EOF exits. Logs go
 * to `logFile`, so the terminal shows only the chat.
 */
export async function runConsole(app: App, options: ConsoleOptions): Promise<void> {
  const { logFile, input = process.stdin, output = process.stdout } = options;
  const print = (text: string) => output.write(`${text}\n`);
  let buttons: { button: Button; message: Message }[] = [];
  let nextMessageId = 1;
  let nextUpdateId = 1;
  const chat = { id: CONSOLE_USER.id, type: "private" as const, first_name: CONSOLE_USER.first_name };

  const newMessage = (text: string, from = CONSOLE_BOT as Message["from"]): Message =>
    ({ message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from, text }) as Message.TextMessage;

  const show = (text: string, markup: unknown, message: Message) => {
    print(`\n${htmlToText(text)}`);
    const rows = (markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard ?? [];
    const list = rows.flat().map((b) => ({ button: { text: b.text, data: "callback_data" in b ? b.callback_data : undefined, url: "url" in b ? b.url : undefined }, message }));
    if (list.length === 0) return;
    buttons = list;
    list.forEach(({ button }, i) => print(`  [${i + 1}] ${button.text}`));
  };

  const transformer: Transformer = async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    let result: unknown = true;
    if (method === "sendMessage" || method === "editMessageText") {
      const message = newMessage(String(p.text));
      show(String(p.text), p.reply_markup, message);
      result = message;
    } else if (method === "sendDocument" || method === "sendPhoto") {
      const file = (p.document ?? p.photo) as { filename?: string; fileData?: unknown };
      const name = file?.filename ?? `${method}.bin`;
      const target = path.join(app.deps.config.dataDir, "konsol", name);
      await saveInputFile(file, target);
      print(`\n[berkas: ${target}]${p.caption ? ` ${htmlToText(String(p.caption))}` : ""}`);
      result = newMessage("");
    } else if (method === "copyMessage") {
      print("\n[pesan disalin]");
      result = { message_id: nextMessageId++ };
    } else if (method === "answerCallbackQuery" && p.text) {
      print(`(${String(p.text)})`);
    }
    return { ok: true, result } as never;
  };
  app.bot.api.config.use(transformer);

  const handleText = async (text: string) => {
    const command = /^\/\w+/.exec(text);
    const message = { ...newMessage(text, CONSOLE_USER), ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}) };
    await app.bot.handleUpdate({ update_id: nextUpdateId++, message } as Update);
  };

  const press = async (index: number) => {
    const chosen = buttons[index];
    if (!chosen) return print("Nomor tombol tidak ada.");
    const start = chosen.button.url && /[?&]start=([\w-]+)/.exec(chosen.button.url);
    if (start) return handleText(`/start ${start[1]}`);
    if (chosen.button.url) return print(`Buka tautan: ${chosen.button.url}`);
    const update = { update_id: nextUpdateId++, callback_query: { id: String(nextUpdateId), from: CONSOLE_USER, chat_instance: "console", message: chosen.message, data: chosen.button.data } };
    await app.bot.handleUpdate(update as Update);
  };

  print("ASN Netral — mode konsol (tanpa BOT_TOKEN). Ketik pertanyaan atau perintah (/bantuan); angka = tekan tombol; Ctrl+D untuk keluar.");
  print(`Log bot ditulis ke ${logFile} (bukan ke layar ini).`);
  const lines = readline.createInterface({ input, terminal: false });
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    if (/^\d{1,2}$/.test(line) && buttons.length > 0) await press(Number(line) - 1);
    else await handleText(line);
  }
}

async function saveInputFile(file: { fileData?: unknown } | undefined, target: string): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const data = file?.fileData;
  if (typeof data === "string") fs.copyFileSync(data, target);
  else if (data instanceof Uint8Array) fs.writeFileSync(target, data);
}
