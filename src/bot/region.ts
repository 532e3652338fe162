import type { BotContext } from "./context.ts";

/** What the chat registry stores about a chat that tells us its region. */
export type RegionRecord = { region?: string };

/**
 * The asker's region, so regional circulars rank first: a group's settings (`/pengaturan`), else
 * the private chat's reminder settings, else the region given in the asker's pledge.
 */
export async function askerRegion(ctx: BotContext): Promise<string | undefined> {
  const chatRegion = ctx.chat ? (await ctx.deps.store.records<RegionRecord>("chats").get(String(ctx.chat.id)))?.region : undefined;
  return chatRegion ?? (ctx.from ? ctx.deps.pledges.regionOf(String(ctx.from.id)) : undefined);
}
