import type { Harness, TestUser } from "./harness.ts";

/** A group chat as Telegram describes it in updates. */
export function groupChat(id: number, title = `Grup ${Math.abs(id)}`, type: "group" | "supergroup" = "group") {
  return { id, type, title };
}

/** Pushes a `my_chat_member` update: the bot's status in `chat` changes from `from` to `to`. */
export function botMembership(h: Harness, chat: { id: number; type: string; title?: string }, from: string, to: string, by: TestUser = h.user(4242)): number {
  const before = h.fake.calls.length;
  const bot = { ...h.fake.botInfo };
  h.fake.push({ my_chat_member: { chat, from: by, date: 0, old_chat_member: { user: bot, status: from }, new_chat_member: { user: bot, status: to } } });
  return before;
}

/** Telegram's "bot added to the group" update. */
export function addBot(h: Harness, chat: { id: number; type: string; title?: string }): number {
  return botMembership(h, chat, "left", "member");
}

/** Registers groups directly (for specs about what is sent to them, not about joining). */
export async function registerGroups(h: Harness, ids: number[], settings: { timezone?: "WIB" | "WITA" | "WIT"; province?: string } = {}): Promise<void> {
  for (const id of ids) {
    await h.app.deps.chats.register(id, "group", `Grup ${Math.abs(id)}`);
    if (Object.keys(settings).length) await h.app.deps.chats.update(id, settings);
  }
}

/** Bot API calls of `method` to one chat since index `after`, 429 answers left out (auto-retry repeats them). */
export function callsTo(h: Harness, chatId: number, method = "sendMessage", after = 0) {
  return h.fake.calls.slice(after).filter((c) => c.method === method && Number(c.payload.chat_id) === chatId && c.status !== 429);
}
