import { InlineKeyboard } from "grammy";
import type { BotContext } from "./context.ts";

/** Admins are configured by Telegram user id (`ADMIN_IDS`); nothing else grants admin rights. */
export function isAdmin(ctx: BotContext): boolean {
  return ctx.from !== undefined && ctx.deps.config.adminIds.includes(ctx.from.id);
}

/** The polite refusal every admin command gives to everyone else. */
export async function refuseNonAdmin(ctx: BotContext): Promise<void> {
  await ctx.reply("Maaf, perintah ini hanya untuk admin ASN Netral (BKPSDM/Inspektorat/Bawaslu).");
}

/**
 * Personal flows (pledge, anonymous report) never run in a group, where others read along:
 * the group gets one short message with a button that opens the private chat at that flow.
 */
export async function redirectToPrivate(ctx: BotContext, startPayload: string, label: string): Promise<void> {
  const keyboard = new InlineKeyboard().url(label, `https://t.me/${ctx.me.username}?start=${startPayload}`);
  await ctx.reply("Fitur ini hanya di chat pribadi dengan bot. Tekan tombol di bawah.", { reply_markup: keyboard });
}
