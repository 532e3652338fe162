import { Composer, InlineKeyboard } from "grammy";
import type { ChatRecord } from "../../core/broadcast/chats.ts";
import { dayLabel, formatLocalTime, renderReminder, templateLabel, type ReminderSlot } from "../../core/broadcast/plan.ts";
import { formatDay } from "../../core/calendar/dates.ts";
import { scopeLabel, votingDay } from "../../core/calendar/vote.ts";
import { findProvince, type Province } from "../../core/pledge/places.ts";
import { chatPlace, nextVote, placeFromPledge, setPrivateProvince } from "../calendar-place.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { callbackData, clip, escapeHtml, MAX_MESSAGE_LENGTH } from "../format/html.ts";
import { redirectToPrivate } from "../guards.ts";
import { installProvincePicker } from "../province-keyboard.ts";

/** Room left for the reminder text after the header, within Telegram's message limit. */
const MAX_REMINDER_TEXT = MAX_MESSAGE_LENGTH - 200;

/** The scheduled reminder as a chat receives it, naming its vote, with a button to ask the bot and one to report. */
export function reminderMessage(slot: ReminderSlot, username: string) {
  const body = clip(renderReminder(slot), MAX_REMINDER_TEXT);
  const text = `🔔 <b>Pengingat netralitas ASN · ${dayLabel(slot.daysToVote)}</b>\n<i>${escapeHtml(slot.vote.name)}, ${escapeHtml(scopeLabel(slot.vote.scope))}</i>\n\n${escapeHtml(body)}`;
  const reply_markup = new InlineKeyboard()
    .text("❓ Tanya soal netralitas", callbackData("contoh"))
    .row()
    .url("🚨 Laporkan pelanggaran (anonim)", `https://t.me/${username}?start=lapor`);
  return { text, reply_markup };
}

/** "H-7 pukul 09.00, hari pertama masa tenang pukul 07.00, …": the plan in words, for the greeting and the help. */
export function reminderTimes(deps: BotDeps): string {
  return deps.knowledge.reminders.map((t) => `${templateLabel(t)} pukul ${t.time.replace(":", ".")}`).join(", ");
}

/** "Pilkada X (27 November 2029)" for a chat's region, or the plain statement that none is planned. */
export function nextVoteLine(deps: BotDeps, chat: Pick<ChatRecord, "province" | "kabupaten"> | undefined): string {
  const vote = nextVote(deps, chatPlace(chat));
  if (!vote) return "belum ada jadwal pemungutan suara berikutnya di kalender";
  return `${escapeHtml(vote.name)}, pemungutan suara ${formatDay(votingDay(vote))} (${escapeHtml(scopeLabel(vote.scope))})`;
}

/** Zone and reminder lines shared by the group settings and the private reminder screen. */
export function scheduleLines(deps: BotDeps, chat: Pick<ChatRecord, "province" | "kabupaten" | "timezone" | "reminders">): { zone: string; reminders: string[] } {
  const zone = chat.province ? `Provinsi: <b>${escapeHtml(chat.province)}</b> (${chat.timezone})` : `Zona waktu: <b>${chat.timezone}</b> (provinsi belum dipilih)`;
  const next = chat.reminders ? deps.reminders.next(chat) : undefined;
  const reminders = [`Pengingat: <b>${chat.reminders ? "aktif" : "tidak aktif"}</b>`, `Pemungutan suara berikutnya: ${nextVoteLine(deps, chat)}`];
  if (next) reminders.push(`Pengingat berikutnya: ${dayLabel(next.daysToVote)} ${escapeHtml(next.vote.name)}, ${formatLocalTime(next.at, next.timezone)}`);
  return { zone, reminders };
}

const ON_WORDS = new Set(["aktif", "aktifkan", "on", "nyala", "nyalakan", "hidupkan", "ya"]);
const OFF_WORDS = new Set(["mati", "matikan", "off", "nonaktif", "nonaktifkan", "berhenti", "stop", "tidak"]);

/** The private reminder screen: status, zone, next reminder, and the buttons to change them. */
function subscriptionView(ctx: BotContext, note?: string) {
  const { deps } = ctx;
  const chat = ctx.chat ? deps.chats.get(ctx.chat.id) : undefined;
  const on = chat !== undefined && chat.active && chat.reminders;
  const { zone, reminders } = scheduleLines(deps, { province: chat?.province, kabupaten: chat?.kabupaten, timezone: chat?.timezone ?? "WIB", reminders: on });
  const lines = [
    ...(note ? [note, ""] : []),
    "🔔 <b>Pengingat pemungutan suara</b>",
    zone,
    ...reminders,
    "",
    `Untuk setiap pemungutan suara di kalender yang mencakup wilayah Anda, saya mengirim pesan singkat pada ${reminderTimes(deps)}, menurut jam di zona waktu Anda (paling banyak satu pesan sehari). Pilih provinsi agar jam dan pemilihan daerahnya sesuai; /jadwal menampilkan seluruh tahapannya.`,
  ];
  const keyboard = new InlineKeyboard()
    .text(on ? "🔕 Matikan pengingat" : "🔔 Aktifkan pengingat", callbackData("rem", on ? "off" : "on"))
    .row()
    .text("📍 Pilih provinsi (zona waktu)", callbackData("rem", "pg", "0"));
  return { text: lines.join("\n"), reply_markup: keyboard };
}

/** Turns a private chat's reminders on or off; turning on registers the chat (WIB until a province is chosen). */
function setSubscription(ctx: BotContext, on: boolean): string {
  const { chats } = ctx.deps;
  const id = ctx.chat!.id;
  if (on) {
    chats.register(id, "private");
    chats.update(id, { reminders: true });
    const pledged = placeFromPledge(ctx);
    return pledged ? `✅ Pengingat diaktifkan, untuk daerah ikrar Anda (${escapeHtml(pledged.name)}, ${pledged.timezone}).` : "✅ Pengingat diaktifkan.";
  }
  chats.update(id, { reminders: false });
  return "Pengingat dimatikan. Anda dapat mengaktifkannya lagi kapan saja dengan /pengingat.";
}

/** Sets a private chat's province (and so its time zone). */
function setProvince(ctx: BotContext, province: Province): string {
  setPrivateProvince(ctx.deps, ctx.chat!.id, province);
  return `📍 Provinsi: ${escapeHtml(province.name)} — pengingat dikirim menurut jam ${province.timezone}.`;
}

/**
 * `/pengingat` in a private chat: the same reminders groups get, at the subscriber's local time.
 * `/pengingat aktif|mati|<provinsi>` changes it directly; buttons do the same.
 */
export const remindersFeature = new Composer<BotContext>();

const privateChat = remindersFeature.chatType("private");

/** Answers a command with the reminder screen, or re-renders it in place after a button. */
async function showSubscription(ctx: BotContext, how: "reply" | "edit", note?: string): Promise<void> {
  const { text, reply_markup } = subscriptionView(ctx, note);
  if (how === "reply") await ctx.reply(text, { parse_mode: "HTML", reply_markup });
  else await ctx.editMessageText(text, { parse_mode: "HTML", reply_markup });
}

privateChat.command("pengingat", async (ctx) => {
  const arg = ctx.match.trim();
  const word = arg.toLowerCase();
  if (arg === "") return showSubscription(ctx, "reply");
  if (ON_WORDS.has(word) || OFF_WORDS.has(word)) return showSubscription(ctx, "reply", setSubscription(ctx, ON_WORDS.has(word)));
  const province = findProvince(ctx.deps.knowledge.provinces, arg);
  if (province) return showSubscription(ctx, "reply", setProvince(ctx, province));
  await ctx.reply(`Maaf, "${escapeHtml(clip(arg, 60))}" bukan pilihan yang saya kenal. Ketik /pengingat aktif, /pengingat mati, atau /pengingat &lt;nama provinsi&gt; (mis. /pengingat NTT).`, { parse_mode: "HTML" });
});

privateChat.command("start", async (ctx, next) => {
  if (ctx.match !== "pengingat") return next();
  await showSubscription(ctx, "reply");
});

remindersFeature.chatType(["group", "supergroup"]).command("pengingat", (ctx) => redirectToPrivate(ctx, "pengingat", "🔔 Atur pengingat pribadi"));

privateChat.callbackQuery(/^rem:(on|off)$/, async (ctx) => {
  const note = setSubscription(ctx, ctx.match[1] === "on");
  await ctx.answerCallbackQuery();
  await showSubscription(ctx, "edit", note);
});

installProvincePicker(privateChat, {
  prefix: "rem",
  prompt: "Pilih provinsi Anda. Zona waktunya (WIB/WITA/WIT) menentukan jam pengingat.",
  onPick: (ctx, province) => showSubscription(ctx, "edit", setProvince(ctx, province)),
});

privateChat.callbackQuery("rem:menu", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showSubscription(ctx, "edit");
});
