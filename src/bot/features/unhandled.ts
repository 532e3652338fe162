import { Composer } from "grammy";
import type { BotContext } from "../context.ts";

/**
 * Installed last: whatever no feature took gets a short, polite answer in private chats (never
 * in groups, where the bot must stay quiet), and every stale button is acknowledged so the
 * user's spinner stops.
 */
export const unhandledFeature = new Composer<BotContext>();

unhandledFeature.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: "Tombol ini sudah tidak berlaku. Silakan ulangi perintahnya." }));

unhandledFeature.on("inline_query", (ctx) => ctx.answerInlineQuery([], { cache_time: 5 }));

const privateChat = unhandledFeature.chatType("private");

privateChat.on("message::bot_command", (ctx) => ctx.reply("Perintah itu tidak saya kenal. Ketik /bantuan untuk melihat daftar perintah."));

privateChat.on("message", (ctx) => ctx.reply("Maaf, saya hanya memahami pesan teks. Silakan ketik pertanyaan Anda, atau /bantuan untuk daftar perintah."));
