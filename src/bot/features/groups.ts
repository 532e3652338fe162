import { Composer, InlineKeyboard } from "grammy";
import type { ChatMember } from "grammy/types";
import type { ChatRecord } from "../../core/broadcast/chats.ts";
import type { Region } from "../../core/knowledge/types.ts";
import { findProvince, matchRegion, placeKey, tidyRegency, type Province } from "../../core/pledge/places.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { describeError } from "../errors.ts";
import { callbackData, clip, escapeHtml } from "../format/html.ts";
import { installProvincePicker } from "../province-keyboard.ts";
import { nextVoteLine, reminderTimes, scheduleLines } from "./reminders.ts";

const REFUSAL = "Maaf, hanya admin grup yang dapat mengubah pengaturan ASN Netral.";
const KABUPATEN_MAX = 60;

/** Statuses in which the bot is in the chat and can post. */
function isIn(member: ChatMember): boolean {
  return member.status === "member" || member.status === "administrator" || member.status === "creator" || (member.status === "restricted" && member.is_member);
}

/** The one message a group gets when the bot joins: what will arrive, and who changes it how. */
function greeting(deps: BotDeps, chat: ChatRecord): string {
  return [
    "Terima kasih telah menambahkan <b>ASN Netral</b> ke grup ini.",
    "",
    "Yang akan saya kirim ke grup ini:",
    `• Pengingat netralitas menjelang setiap pemungutan suara di kalender yang mencakup daerah grup ini: ${reminderTimes(deps)} waktu setempat. Berikutnya: ${nextVoteLine(deps, chat)}. Lihat semua tahapan dengan /jadwal.`,
    "• Sesekali pengumuman resmi dari admin ASN Netral (BKPSDM/Bawaslu).",
    "Selain itu saya hanya menjawab bila disebut (@nama bot), dibalas, atau dengan /tanya &lt;pertanyaan&gt;.",
    "",
    `Pengaturan saat ini: zona waktu <b>${chat.timezone}</b>, pengingat <b>${chat.reminders ? "aktif" : "tidak aktif"}</b>.`,
    "Admin grup dapat memilih provinsi (menentukan WIB/WITA/WIT), mengisi kabupaten/kota, atau mematikan pengingat dengan /pengaturan.",
  ].join("\n");
}

/**
 * Group admins only, checked with Telegram at each use (admins change): administrators, the
 * creator, and an anonymous admin posting as the group itself.
 */
async function isGroupAdmin(ctx: BotContext): Promise<boolean> {
  if (ctx.chat && ctx.message?.sender_chat?.id === ctx.chat.id) return true;
  if (!ctx.from) return false;
  try {
    const member = await ctx.getChatMember(ctx.from.id);
    return member.status === "creator" || member.status === "administrator";
  } catch (error) {
    ctx.deps.logger.warn(describeError(error), "group admin check failed");
    return false;
  }
}

/** The settings screen of a group: zone, kabupaten/kota, reminders, and buttons to change them. */
function settingsView(deps: BotDeps, chat: ChatRecord, note?: string) {
  const { zone, reminders } = scheduleLines(deps, chat);
  const text = [
    ...(note ? [note, ""] : []),
    `⚙️ <b>Pengaturan ASN Netral</b>${chat.title ? ` — ${escapeHtml(clip(chat.title, 100))}` : ""}`,
    zone,
    `Kabupaten/kota: <b>${chat.kabupaten ? escapeHtml(chat.kabupaten) : "belum diisi"}</b>`,
    ...reminders,
  ].join("\n");
  const reply_markup = new InlineKeyboard()
    .text("📍 Provinsi", callbackData("cfg", "pg", "0"))
    .text("🏙️ Kabupaten/kota", callbackData("cfg", "kab"))
    .row()
    .text(chat.reminders ? "🔕 Matikan pengingat" : "🔔 Aktifkan pengingat", callbackData("cfg", "rem", chat.reminders ? "off" : "on"))
    .row()
    .text("✅ Selesai", callbackData("cfg", "ok"));
  return { text, reply_markup };
}

/**
 * The group's record. Settings used in a group show the bot is in it: a group that had the bot
 * before registration existed, or one deactivated after a passing 403, is registered (again) here.
 */
function groupRecord(ctx: BotContext): ChatRecord {
  const chat = ctx.chat!;
  const existing = ctx.deps.chats.get(chat.id);
  if (existing && (existing.active || existing.migratedTo !== undefined)) return existing;
  return ctx.deps.chats.register(chat.id, chat.type === "supergroup" ? "supergroup" : "group", "title" in chat ? chat.title : undefined);
}

/** The seed region a kabupaten/kota names, in any province (the kabupaten is more precise than a chosen province). */
function regionOf(regions: Region[], kabupaten: string): Region | undefined {
  return regions.find((region) => matchRegion([region], region.province, kabupaten));
}

/** Why a typed kabupaten/kota cannot be stored, in words the admin can act on. */
function kabupatenProblem(typed: string): string | undefined {
  const text = typed.trim();
  if (text.length < 3) return "Nama kabupaten/kota terlalu pendek. Contoh: /pengaturan kabupaten Lembata atau /pengaturan kabupaten Kota Kupang.";
  if (text.length > KABUPATEN_MAX) return `Nama kabupaten/kota terlalu panjang (paling banyak ${KABUPATEN_MAX} karakter).`;
  if (/[^\p{L}\s.'’()-]/u.test(text)) return "Nama kabupaten/kota hanya boleh berisi huruf, spasi, titik, dan tanda hubung. Contoh: Kabupaten Lembata atau Kota Kupang.";
  return undefined;
}

/** Stores a kabupaten/kota; a seed region also fixes the province and zone. Returns the note to show. */
function applyKabupaten(deps: BotDeps, chat: ChatRecord, typed: string): { note: string; ok: boolean } {
  if (/^(hapus|kosongkan|-)$/i.test(typed.trim())) {
    deps.chats.update(chat.id, { kabupaten: undefined, region: undefined, kabupatenPrompt: undefined });
    return { ok: true, note: "Kabupaten/kota dihapus." };
  }
  const problem = kabupatenProblem(typed);
  if (problem) return { ok: false, note: problem };
  const kabupaten = tidyRegency(typed);
  const region = regionOf(deps.knowledge.regions, kabupaten);
  const province = region ? deps.knowledge.provinces.find((p) => placeKey(p.name) === placeKey(region.province)) : undefined;
  const moved = province && province.name !== chat.province;
  deps.chats.update(chat.id, { kabupaten, region: region?.id, kabupatenPrompt: undefined, ...(province ? { province: province.name, timezone: province.timezone } : {}) });
  const note = `✅ Kabupaten/kota disimpan: ${escapeHtml(kabupaten)}.`;
  return { ok: true, note: moved ? `${note} Provinsi disesuaikan: ${escapeHtml(province.name)} (${province.timezone}).` : note };
}

/** Sets the province (and so the zone); a region of another province no longer applies. */
function applyProvince(deps: BotDeps, chat: ChatRecord, province: Province): string {
  const region = chat.kabupaten ? matchRegion(deps.knowledge.regions, province.name, chat.kabupaten) : undefined;
  deps.chats.update(chat.id, { province: province.name, timezone: province.timezone, region: region?.id });
  return `✅ Provinsi: ${escapeHtml(province.name)} — pengingat dikirim menurut jam ${province.timezone}.`;
}

async function replySettings(ctx: BotContext, note?: string): Promise<void> {
  const { text, reply_markup } = settingsView(ctx.deps, groupRecord(ctx), note);
  await ctx.reply(text, { parse_mode: "HTML", reply_markup });
}

async function editSettings(ctx: BotContext, note?: string): Promise<void> {
  const { text, reply_markup } = settingsView(ctx.deps, groupRecord(ctx), note);
  await ctx.editMessageText(text, { parse_mode: "HTML", reply_markup });
}

/** Asks for the kabupaten/kota as a reply, so the answer is not taken for a question. */
async function promptKabupaten(ctx: BotContext): Promise<void> {
  const prompt = await ctx.reply("Balas pesan ini dengan nama kabupaten/kota grup ini, mis. <i>Lembata</i> atau <i>Kota Kupang</i>. Ketik <i>hapus</i> untuk mengosongkan.", {
    parse_mode: "HTML",
    reply_markup: { force_reply: true, selective: true, input_field_placeholder: "Nama kabupaten/kota" },
  });
  ctx.deps.chats.update(ctx.chat!.id, { kabupatenPrompt: prompt.message_id });
}

const USAGE = [
  "Cara mengatur ASN Netral di grup ini (khusus admin grup):",
  "• /pengaturan — tampilkan pengaturan dengan tombol",
  "• /pengaturan provinsi &lt;nama&gt; — mis. /pengaturan provinsi NTT",
  "• /pengaturan kabupaten &lt;nama&gt; — mis. /pengaturan kabupaten Lembata",
  "• /pengaturan pengingat aktif|mati",
].join("\n");

/** `/pengaturan provinsi|kabupaten|pengingat …` typed instead of pressed. */
async function typedSetting(ctx: BotContext, chat: ChatRecord, args: string): Promise<void> {
  const [word = "", ...rest] = args.split(/\s+/);
  const value = rest.join(" ");
  const key = word.toLowerCase();
  if (key === "kabupaten" || key === "kab" || key === "kota") {
    const result = applyKabupaten(ctx.deps, chat, key === "kota" ? `Kota ${value}` : value);
    if (result.ok) await replySettings(ctx, result.note);
    else await ctx.reply(result.note);
    return;
  }
  if (key === "provinsi") {
    const province = findProvince(ctx.deps.knowledge.provinces, value);
    if (province) return replySettings(ctx, applyProvince(ctx.deps, chat, province));
    await ctx.reply(`Provinsi "${escapeHtml(clip(value, 60))}" tidak saya kenal. Ketik /pengaturan lalu tekan 📍 Provinsi untuk memilih dari daftar.`, { parse_mode: "HTML" });
    return;
  }
  if (key === "pengingat" && /^(aktif|on|mati|off)$/i.test(value)) {
    const on = /^(aktif|on)$/i.test(value);
    ctx.deps.chats.update(chat.id, { reminders: on });
    return replySettings(ctx, on ? "🔔 Pengingat diaktifkan." : "🔕 Pengingat dimatikan.");
  }
  await ctx.reply(USAGE, { parse_mode: "HTML" });
}

/**
 * Groups: registration when the bot is added (one greeting), deactivation when it is removed,
 * registrations following supergroup upgrades, and `/pengaturan` for group admins (province →
 * WIB/WITA/WIT, kabupaten/kota, reminders on/off).
 */
export const groupsFeature = new Composer<BotContext>();

groupsFeature.on("my_chat_member", async (ctx) => {
  const { chat, old_chat_member, new_chat_member } = ctx.myChatMember;
  const { chats, logger } = ctx.deps;
  if (chat.type === "channel") return;
  if (!isIn(new_chat_member)) {
    if (chats.deactivate(chat.id)) logger.info({ type: chat.type }, "chat deactivated: bot removed or blocked");
    return;
  }
  if (chat.type === "private") {
    // Unblocked: a former subscriber's settings apply again; strangers are not subscribed.
    if (chats.get(chat.id)) chats.register(chat.id, "private");
    return;
  }
  if (isIn(old_chat_member) && chats.get(chat.id)?.active) return; // e.g. promoted to admin: no second greeting
  const record = chats.register(chat.id, chat.type, chat.title);
  logger.info({ type: chat.type }, "group registered");
  await ctx.api.sendMessage(chat.id, greeting(ctx.deps, record), { parse_mode: "HTML" });
});

const groups = groupsFeature.chatType(["group", "supergroup"]);

groups.on("message:migrate_to_chat_id", (ctx) => {
  ctx.deps.chats.migrate(ctx.chat.id, ctx.message.migrate_to_chat_id);
});

groups.on("message:migrate_from_chat_id", (ctx) => {
  ctx.deps.chats.migrate(ctx.message.migrate_from_chat_id, ctx.chat.id);
});

groups.on("message:new_chat_title", (ctx) => {
  ctx.deps.chats.update(ctx.chat.id, { title: ctx.message.new_chat_title });
});

groups.command("pengaturan", async (ctx) => {
  if (!(await isGroupAdmin(ctx))) {
    await ctx.reply(REFUSAL);
    return;
  }
  const chat = ctx.deps.chats.update(groupRecord(ctx).id, { title: ctx.chat.title })!;
  const args = ctx.match.trim();
  if (args) await typedSetting(ctx, chat, args);
  else await replySettings(ctx);
});

groups.on("message:text", async (ctx, next) => {
  const prompt = ctx.deps.chats.get(ctx.chat.id)?.kabupatenPrompt;
  if (prompt === undefined || ctx.message.reply_to_message?.message_id !== prompt) return next();
  if (!(await isGroupAdmin(ctx))) {
    await ctx.reply(REFUSAL);
    return;
  }
  const result = applyKabupaten(ctx.deps, groupRecord(ctx), ctx.message.text);
  if (result.ok) await replySettings(ctx, result.note);
  else await ctx.reply(`${result.note}\nSilakan balas lagi pesan permintaan di atas.`);
});

groups.callbackQuery(/^cfg:/, async (ctx, next) => {
  if (await isGroupAdmin(ctx)) return next();
  await ctx.answerCallbackQuery({ text: REFUSAL, show_alert: true });
});

installProvincePicker(groups, {
  prefix: "cfg",
  prompt: "Pilih provinsi grup ini. Zona waktunya (WIB/WITA/WIT) menentukan jam pengingat.",
  onPick: (ctx, province) => editSettings(ctx, applyProvince(ctx.deps, groupRecord(ctx), province)),
});

groups.callbackQuery(/^cfg:rem:(on|off)$/, async (ctx) => {
  const on = ctx.match[1] === "on";
  groupRecord(ctx);
  ctx.deps.chats.update(ctx.chat.id, { reminders: on });
  await ctx.answerCallbackQuery({ text: on ? "Pengingat diaktifkan." : "Pengingat dimatikan." });
  await editSettings(ctx);
});

groups.callbackQuery("cfg:kab", async (ctx) => {
  groupRecord(ctx);
  await ctx.answerCallbackQuery();
  await promptKabupaten(ctx);
});

groups.callbackQuery("cfg:menu", async (ctx) => {
  await ctx.answerCallbackQuery();
  await editSettings(ctx);
});

groups.callbackQuery("cfg:ok", async (ctx) => {
  await ctx.answerCallbackQuery({ text: "Pengaturan tersimpan." });
  const { text } = settingsView(ctx.deps, groupRecord(ctx));
  await ctx.editMessageText(text, { parse_mode: "HTML" });
});

groupsFeature.chatType("private").command("pengaturan", (ctx) =>
  ctx.reply("/pengaturan dipakai admin grup di dalam grup, untuk provinsi dan pengingat grup itu. Untuk pengingat pribadi, gunakan /pengingat."),
);
