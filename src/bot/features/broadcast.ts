import { Composer, GrammyError, InlineKeyboard, type Api } from "grammy";
import type { Message, MessageEntity } from "grammy/types";
import type { BroadcastContent, BroadcastJob, BroadcastStatus } from "../../core/broadcast/broadcasts.ts";
import { TIMEZONES, type ChatFilter } from "../../core/broadcast/chats.ts";
import type { Tally } from "../../core/broadcast/deliver.ts";
import { formatLocalTime } from "../../core/broadcast/plan.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { describeError } from "../errors.ts";
import { callbackData, clip, escapeHtml } from "../format/html.ts";
import { isAdmin, refuseNonAdmin } from "../guards.ts";
import type { OutboxStatus } from "../outbox.ts";
import { provinceBySlug, provinceKeyboard } from "../province-keyboard.ts";

const USAGE = [
  "Cara mengirim siaran ke grup-grup yang memasang ASN Netral:",
  "• /siaran &lt;teks&gt; — mengirim teks itu",
  "• balas (reply) sebuah pesan (teks, foto, dokumen) dengan /siaran — pesan itu disalin apa adanya",
  "• /siaran status — siaran yang sedang berjalan dan sebelumnya",
  "Sebelum dikirim, Anda melihat pratinjau dan jumlah grup tujuan.",
].join("\n");

const STATUS_LABEL: Record<BroadcastStatus, string> = {
  draft: "pratinjau, belum dikirim",
  cancelled: "dibatalkan",
  running: "sedang berjalan",
  stopped: "dihentikan",
  done: "selesai",
};

const STATUS_LIST_LENGTH = 10;

/** The formatting of `/siaran <teks>` kept for the text alone (entity offsets are UTF-16, like JS strings). */
function textEntities(message: Message, text: string): MessageEntity[] | undefined {
  const raw = message.text ?? "";
  const command = message.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  const start = raw.indexOf(text, command?.length ?? 0);
  const end = start + text.length;
  const entities = (message.entities ?? [])
    .filter((e) => e.type !== "bot_command" && e.offset >= start && e.offset < end)
    .map((e) => ({ ...e, offset: e.offset - start, length: Math.min(e.length, end - e.offset) }));
  return entities.length ? entities : undefined;
}

/** What `/siaran` was asked to send, or the explanation of what to type instead. */
function requestedContent(message: Message, match: string): BroadcastContent | string {
  const text = match.trim();
  const replied = message.reply_to_message;
  if (replied && text) return "Kirim /siaran dengan teks, ATAU balas sebuah pesan dengan /siaran saja — tidak keduanya. Siaran belum dibuat.";
  if (replied) return { kind: "copy", fromChatId: message.chat.id, messageId: replied.message_id };
  if (!text) return USAGE;
  return { kind: "text", text, entities: textEntities(message, text) as Record<string, unknown>[] | undefined };
}

function filterLabel(filter: ChatFilter): string {
  if (filter.province) return `grup di provinsi ${escapeHtml(filter.province)}`;
  if (filter.timezone) return `grup berzona waktu ${filter.timezone}`;
  return "semua grup aktif";
}

/** The preview controls: audience, count, and Kirim/Batal. */
async function draftView(deps: BotDeps, job: BroadcastJob) {
  const count = (await deps.broadcasts.targets(job.filter)).length;
  const text = [
    "📢 <b>Pratinjau siaran</b> (pesan di atas)",
    `Tujuan: <b>${count} grup</b> — ${filterLabel(job.filter)}.`,
    count === 0 ? "Tidak ada grup aktif untuk tujuan ini. Pilih tujuan lain." : "Pilih tujuan bila perlu, lalu tekan Kirim. Setiap grup menerima siaran ini satu kali.",
  ].join("\n");
  const mark = (selected: boolean, label: string) => (selected ? `✓ ${label}` : label);
  const none = !job.filter.timezone && !job.filter.province;
  const keyboard = new InlineKeyboard().text(mark(none, "Semua"), callbackData("bc", "f", job.id, "all"));
  for (const timezone of TIMEZONES) keyboard.text(mark(job.filter.timezone === timezone, timezone), callbackData("bc", "f", job.id, timezone));
  keyboard
    .row()
    .text(job.filter.province ? `📍 ${job.filter.province}` : "📍 Per provinsi", callbackData("bc", "pg", job.id, "0"))
    .row()
    .text(`✅ Kirim ke ${count} grup`, callbackData("bc", "go", job.id))
    .text("✖️ Batal", callbackData("bc", "no", job.id));
  return { text, reply_markup: keyboard };
}

/** Why bulk sends wait, when they do: replies to people go first, and Telegram may be holding chats back. */
function waitingNote(queue: OutboxStatus): string[] {
  const notes: string[] = [];
  if (queue.replies > 0) notes.push(`⏳ ${queue.replies} balasan ke pengguna didahulukan; siaran menyusul.`);
  if (queue.heldChats > 0) notes.push(`⏳ ${queue.heldChats} chat sedang ditahan batas kecepatan Telegram.`);
  return notes;
}

/** Progress while sending (with the stop button), then the summary. */
function progressView(job: BroadcastJob, counts: Tally, queue: OutboxStatus) {
  const sent = counts.delivered + counts.migrated;
  if (job.status === "running") {
    const text = [
      "📤 <b>Mengirim siaran…</b>",
      `Terkirim: ${sent} · Gagal: ${counts.blocked + counts.failed}${counts.unconfirmed ? ` · Belum pasti: ${counts.unconfirmed}` : ""} · Dalam antrean: ${counts.pending} (dari ${counts.total} grup)`,
      ...waitingNote(queue),
    ].join("\n");
    return { text, reply_markup: new InlineKeyboard().text("⏹ Hentikan", callbackData("bc", "stop", job.id)) };
  }
  const lines = [
    job.status === "stopped" ? "⏹ <b>Siaran dihentikan</b>" : "✅ <b>Siaran selesai</b>",
    `Terkirim: ${sent} dari ${counts.total} grup`,
    `• Bot diblokir/dikeluarkan: ${counts.blocked} (grup dinonaktifkan)`,
    `• Grup pindah ke supergrup: ${counts.migrated} (terkirim ke alamat baru)`,
    `• Gagal: ${counts.failed}`,
    ...(counts.unconfirmed > 0 ? [`• Belum pasti: ${counts.unconfirmed} (sedang dikirim saat bot mati mendadak; kemungkinan besar sampai, tidak dikirim ulang agar tidak ganda)`] : []),
    ...(counts.pending > 0 ? [`• Tidak dikirim karena dihentikan: ${counts.pending}`] : []),
  ];
  return { text: lines.join("\n"), reply_markup: undefined };
}

/**
 * Edits the progress message in the admin's chat (called by the broadcast service every few
 * seconds and at the end, also for a job resumed after a restart).
 */
export async function showBroadcastProgress(api: Api, job: BroadcastJob, counts: Tally, queue: OutboxStatus): Promise<void> {
  if (!job.progress) return;
  const { text, reply_markup } = progressView(job, counts, queue);
  try {
    await api.editMessageText(job.progress.chatId, job.progress.messageId, text, { parse_mode: "HTML", reply_markup });
  } catch (error) {
    if (!(error instanceof GrammyError && error.description.includes("not modified"))) throw error;
  }
}

/** One line per broadcast for `/siaran status`. */
async function statusLine(deps: BotDeps, job: BroadcastJob): Promise<string> {
  const counts = job.summary ?? (job.status === "running" ? await deps.broadcasts.tally(job.id) : undefined);
  const when = formatLocalTime(new Date(job.startedAt ?? job.createdAt), "WIB");
  const what = job.content.kind === "text" ? `“${escapeHtml(clip(job.content.text.replace(/\s+/g, " "), 50))}”` : "(salinan pesan)";
  const figures = counts ? ` · terkirim ${counts.delivered + counts.migrated} dari ${counts.total}, diblokir ${counts.blocked}, gagal ${counts.failed}${counts.unconfirmed ? `, belum pasti ${counts.unconfirmed}` : ""}${counts.pending ? `, ${job.status === "running" ? "dalam antrean" : "tidak dikirim"} ${counts.pending}` : ""}` : "";
  return `• <code>${job.id}</code> ${what}\n   ${when} · <b>${STATUS_LABEL[job.status]}</b>${figures}`;
}

async function showStatus(ctx: BotContext): Promise<void> {
  const jobs = (await ctx.deps.broadcasts.list()).filter((j) => j.status !== "draft" && j.status !== "cancelled");
  const running = jobs.filter((j) => j.status === "running");
  const past = jobs.filter((j) => j.status !== "running").slice(0, STATUS_LIST_LENGTH);
  const queue = ctx.deps.outbox.status();
  const held = queue.heldChats > 0 ? `; ${queue.heldChats} chat ditahan batas kecepatan Telegram` : "";
  const lines = ["📢 <b>Siaran</b>", `Antrean ke Telegram: ${queue.replies} balasan ke pengguna (didahulukan), ${queue.bulk} pesan siaran/pengingat${held}.`];
  if (jobs.length === 0) lines.push("", "Belum ada siaran yang dikirim.");
  if (running.length) lines.push("", "<b>Sedang berjalan</b>", ...(await Promise.all(running.map((j) => statusLine(ctx.deps, j)))));
  if (past.length) lines.push("", "<b>Sebelumnya</b>", ...(await Promise.all(past.map((j) => statusLine(ctx.deps, j)))));
  await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
}

/** Shows the admin exactly what groups will get, then the controls. */
async function sendPreview(ctx: BotContext, job: BroadcastJob): Promise<void> {
  const chatId = ctx.chat!.id;
  try {
    if (job.content.kind === "text") await ctx.api.sendMessage(chatId, job.content.text, { entities: job.content.entities as MessageEntity[] | undefined, link_preview_options: { is_disabled: true } });
    else await ctx.api.copyMessage(chatId, job.content.fromChatId, job.content.messageId);
  } catch (error) {
    await ctx.deps.broadcasts.cancel(job.id);
    ctx.deps.logger.info(describeError(error), "broadcast preview failed");
    await ctx.reply("Pesan itu tidak dapat disalin (mis. pesan layanan atau kuis). Siaran tidak dibuat; balas pesan lain dengan /siaran.");
    return;
  }
  const { text, reply_markup } = await draftView(ctx.deps, job);
  await ctx.reply(text, { parse_mode: "HTML", reply_markup });
}

/**
 * `/siaran` (ADMIN_IDS only, private chat): a text or a copied message to every active group or
 * to the groups of one zone or province, after a preview. Sending, resuming after a restart and
 * the delivery ledger live in the broadcast service (src/core/broadcast/broadcasts.ts).
 */
export const broadcastFeature = new Composer<BotContext>();

broadcastFeature.command("siaran", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  if (ctx.chat.type !== "private") {
    await ctx.reply("Perintah /siaran hanya dipakai di chat pribadi dengan bot.");
    return;
  }
  if (ctx.match.trim().toLowerCase() === "status") return showStatus(ctx);
  const content = requestedContent(ctx.msg, ctx.match);
  if (typeof content === "string") {
    await ctx.reply(content, { parse_mode: "HTML" });
    return;
  }
  await sendPreview(ctx, await ctx.deps.broadcasts.draft(content));
});

broadcastFeature.callbackQuery(/^bc:/, async (ctx, next) => {
  if (isAdmin(ctx)) return next();
  await ctx.answerCallbackQuery({ text: "Maaf, tombol ini hanya untuk admin ASN Netral.", show_alert: true });
});

/** Buttons of a preview that was already sent or cancelled only explain that. */
async function draftOnly(ctx: BotContext, id: string): Promise<BroadcastJob | undefined> {
  const job = await ctx.deps.broadcasts.get(id);
  if (job?.status === "draft") return job;
  await ctx.answerCallbackQuery({ text: "Siaran ini sudah dikirim atau dibatalkan. Lihat /siaran status." });
  return undefined;
}

async function editDraft(ctx: BotContext, job: BroadcastJob): Promise<void> {
  const { text, reply_markup } = await draftView(ctx.deps, job);
  await ctx.editMessageText(text, { parse_mode: "HTML", reply_markup });
}

broadcastFeature.callbackQuery(/^bc:f:(\w+):(all|WIB|WITA|WIT)$/, async (ctx) => {
  const [, id = "", choice] = ctx.match;
  if (!(await draftOnly(ctx, id))) return;
  const job = (await ctx.deps.broadcasts.setFilter(id, choice === "all" ? {} : { timezone: choice as ChatFilter["timezone"] }))!;
  await ctx.answerCallbackQuery();
  await editDraft(ctx, job);
});

broadcastFeature.callbackQuery(/^bc:pg:(\w+):(\d+)$/, async (ctx) => {
  const [, id = "", page] = ctx.match;
  if (!(await draftOnly(ctx, id))) return;
  await ctx.answerCallbackQuery();
  const keyboard = provinceKeyboard(ctx.deps.knowledge.provinces, Number(page), { page: (n) => callbackData("bc", "pg", id, String(n)), pick: (slug) => callbackData("bc", "pv", id, slug) }, { text: "‹ Kembali", data: callbackData("bc", "menu", id) });
  await ctx.editMessageText("Kirim siaran ke grup di provinsi:", { reply_markup: keyboard });
});

broadcastFeature.callbackQuery(/^bc:pv:(\w+):([a-z0-9-]+)$/, async (ctx) => {
  const [, id = "", slug = ""] = ctx.match;
  if (!(await draftOnly(ctx, id))) return;
  const province = provinceBySlug(ctx.deps.knowledge.provinces, slug);
  const job = (await ctx.deps.broadcasts.setFilter(id, province ? { province: province.name } : {}))!;
  await ctx.answerCallbackQuery(province ? undefined : { text: "Provinsi itu tidak ada dalam daftar." });
  await editDraft(ctx, job);
});

broadcastFeature.callbackQuery(/^bc:menu:(\w+)$/, async (ctx) => {
  const job = await draftOnly(ctx, ctx.match[1] as string);
  if (!job) return;
  await ctx.answerCallbackQuery();
  await editDraft(ctx, job);
});

broadcastFeature.callbackQuery(/^bc:no:(\w+)$/, async (ctx) => {
  const id = ctx.match[1] as string;
  if (!(await draftOnly(ctx, id))) return;
  await ctx.deps.broadcasts.cancel(id);
  await ctx.answerCallbackQuery({ text: "Siaran dibatalkan." });
  await ctx.editMessageText("✖️ Siaran dibatalkan. Tidak ada pesan yang dikirim.");
});

broadcastFeature.callbackQuery(/^bc:go:(\w+)$/, async (ctx) => {
  const id = ctx.match[1] as string;
  const message = ctx.callbackQuery.message;
  if (!message || !(await draftOnly(ctx, id))) return;
  const started = await ctx.deps.broadcasts.start(id, { chatId: message.chat.id, messageId: message.message_id });
  if (!started.ok) {
    await ctx.answerCallbackQuery({ text: "Tidak ada grup aktif untuk tujuan ini. Pilih tujuan lain.", show_alert: true });
    return;
  }
  // The service turns this message into the progress display before the first send.
  await ctx.answerCallbackQuery({ text: "Siaran mulai dikirim." });
});

broadcastFeature.callbackQuery(/^bc:stop:(\w+)$/, async (ctx) => {
  const stopped = await ctx.deps.broadcasts.stop(ctx.match[1] as string);
  await ctx.answerCallbackQuery({ text: stopped ? "Siaran dihentikan. Pesan yang sedang terkirim diselesaikan." : "Siaran ini sudah tidak berjalan." });
});
