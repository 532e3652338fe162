import { InlineKeyboard } from "grammy";
import type { BotContext } from "./context.ts";
import { describeError } from "./errors.ts";

/** Chat member statuses that count as being in a team's chat. */
const MEMBER_STATUSES = new Set(["creator", "administrator", "member"]);

/**
 * Whether the user acting is a member of a team's chat (reviewers, experts). Asked of Telegram at
 * each use, so someone removed from the group loses the right at once; a failed check refuses.
 */
export async function isMemberOf(ctx: BotContext, chatId: number): Promise<boolean> {
  if (!ctx.from) return false;
  try {
    const member = await ctx.api.getChatMember(chatId, ctx.from.id);
    return MEMBER_STATUSES.has(member.status) || (member.status === "restricted" && member.is_member);
  } catch (error) {
    ctx.deps.logger.warn(describeError(error), "membership check failed");
    return false;
  }
}

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
