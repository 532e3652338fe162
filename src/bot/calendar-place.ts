import type { ChatRecord } from "../core/broadcast/chats.ts";
import { findProvince, type Province } from "../core/pledge/places.ts";
import type { Place } from "../core/calendar/calendar.ts";
import { localDay } from "../core/calendar/dates.ts";
import type { Vote } from "../core/calendar/vote.ts";
import { pledgeText, type PledgeText } from "../core/pledge/text.ts";
import type { BotContext, BotDeps } from "./context.ts";

/** A chat's place for the calendar: the province and kabupaten/kota its settings name. */
export function chatPlace(chat: Pick<ChatRecord, "province" | "kabupaten"> | undefined): Place {
  return { province: chat?.province, kabupaten: chat?.kabupaten };
}

/**
 * Where the asker is, for /jadwal, date answers and the pledge title: a group's settings; in a
 * private chat the province chosen for /pengingat or /jadwal, else the pledge's kabupaten/kota.
 * Undefined when nothing is known (national votes still apply).
 */
export function askerPlace(ctx: BotContext): Place | undefined {
  const chat = ctx.chat ? ctx.deps.chats.get(ctx.chat.id) : undefined;
  if (chat?.province) return chatPlace(chat);
  if (ctx.chat?.type !== "private" || !ctx.from) return undefined;
  const pledge = ctx.deps.pledges.byUser(String(ctx.from.id));
  return pledge ? { province: pledge.province, kabupaten: pledge.regency } : undefined;
}

/** Today as the calendar counts it: the day in WIB, the zone that ends a day last. */
export function calendarToday(deps: Pick<BotDeps, "now">): string {
  return localDay(deps.now(), "WIB");
}

/** Today in the asker's zone (a chat's setting), so "besok" and "3 hari lagi" match their clock. */
export function askerToday(ctx: BotContext): string {
  const timezone = ctx.chat ? ctx.deps.chats.get(ctx.chat.id)?.timezone : undefined;
  return timezone ? localDay(ctx.deps.now(), timezone) : calendarToday(ctx.deps);
}

/** The next vote concerning a place (national ones concern everyone), if the calendar holds one. */
export function nextVote(deps: Pick<BotDeps, "now" | "knowledge">, place: Place = {}): Vote | undefined {
  return deps.knowledge.calendar.upcoming(place, calendarToday(deps))[0];
}

/** The pledge text naming the next vote of the asker's region (a neutral wording when none is planned). */
export function pledgeForAsker(ctx: BotContext): PledgeText {
  return pledgeText(ctx.deps.knowledge.pledge, nextVote(ctx.deps, askerPlace(ctx))?.name);
}

/**
 * Sets a private chat's province (and so its zone) for /pengingat and /jadwal. A kabupaten/kota
 * kept from before is dropped when the province changes: it would name a place elsewhere.
 */
export function setPrivateProvince(deps: BotDeps, chatId: number, province: Province): ChatRecord {
  const chat = deps.chats.ensure(chatId, "private");
  const kabupaten = chat.province === province.name ? chat.kabupaten : undefined;
  return deps.chats.update(chatId, { province: province.name, timezone: province.timezone, kabupaten }) as ChatRecord;
}

/**
 * A new private subscriber who pledged but chose no province yet gets the pledge's place: the
 * right zone at once, and the re-votes of their kabupaten/kota too. Returns the place taken, if any.
 */
export function placeFromPledge(ctx: BotContext): Province | undefined {
  const chat = ctx.chat ? ctx.deps.chats.get(ctx.chat.id) : undefined;
  const pledge = ctx.from ? ctx.deps.pledges.byUser(String(ctx.from.id)) : undefined;
  if (!chat || chat.province || !pledge) return undefined;
  const province = findProvince(ctx.deps.knowledge.provinces, pledge.province);
  if (province) ctx.deps.chats.update(chat.id, { province: province.name, timezone: province.timezone, kabupaten: pledge.regency });
  return province;
}
