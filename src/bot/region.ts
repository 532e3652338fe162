import type { BotContext } from "./context.ts";

/** What other features store about a chat or a person that tells us their region. */
export type RegionRecord = { region?: string };

/**
 * The asker's region, so regional circulars rank first: a group's settings (`/pengaturan`), else
 * the private chat's reminder settings, else the region given in the asker's pledge.
 */
export function askerRegion(ctx: BotContext): string | undefined {
  const { store } = ctx.deps;
  const chatRegion = ctx.chat ? store.collection<RegionRecord>("chats").get(String(ctx.chat.id))?.region : undefined;
  if (chatRegion) return chatRegion;
  return ctx.from ? store.collection<RegionRecord>("pledge-regions").get(String(ctx.from.id))?.region : undefined;
}
