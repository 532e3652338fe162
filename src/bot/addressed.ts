import type { BotContext } from "./context.ts";

/**
 * The text of a group message meant for the bot (it mentions the bot or replies to it), with the
 * mention removed; undefined for a message among members or a command. In groups the bot speaks
 * only when addressed, so every feature reading group text asks the same question here.
 */
export function addressedText(ctx: BotContext): string | undefined {
  const msg = ctx.message;
  if (!msg?.text || msg.text.startsWith("/")) return undefined;
  const mention = `@${ctx.me.username}`.toLowerCase();
  if (!msg.text.toLowerCase().includes(mention) && msg.reply_to_message?.from?.id !== ctx.me.id) return undefined;
  return msg.text.replaceAll(new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), " ").trim();
}
