import { Composer, InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import { REPORTS_PER_HOUR, type Conversation, type FollowUp } from "../../core/reports/desk.ts";
import {
  addEvidence,
  answerText,
  chooseCategory,
  draftContent,
  isTextStep,
  linksIn,
  MAX_EVIDENCE,
  newDraft,
  reviseAnswer,
  skipStep,
  TEXT_LIMITS,
  type Draft,
  type DraftProblem,
  type DraftResult,
} from "../../core/reports/draft.ts";
import { minutesToWait } from "../../core/reports/limiter.ts";
import { CATEGORIES, formatDateTime, isCategory, STATUSES, type Evidence, type MediaKind, type StoredReport, type ThreadText } from "../../core/reports/model.ts";
import type { ThreadEntry } from "../../core/reports/repository.ts";
import { StorageError } from "../../storage/store.ts";
import type { BotContext } from "../context.ts";
import { callbackData, clip, escapeHtml } from "../format/html.ts";
import { redirectToPrivate } from "../guards.ts";
import { describeReport, NO_PREVIEW, relayNewReport, relayReporterMessage } from "./review.ts";

/** Knowledge entries that say where a formal report goes and how long one may wait. */
const FORMAL_CHANNEL_ENTRIES = ["lapor-asn-tidak-netral-kemana", "lapor-batas-waktu-7-hari"] as const;

/** Said when those entries are missing, so the notice never loses the two facts that matter most. */
const FORMAL_CHANNEL_FALLBACK =
  "• Laporan resmi: Bawaslu/pengawas pemilihan setempat, SP4N-LAPOR! (lapor.go.id), BKN, atau atasan/Inspektorat instansi terlapor.\n• Laporan ke Bawaslu paling lama <b>7 hari</b> sejak pelanggaran diketahui.";

/** The thread shown by `/cek` stays well inside one message. */
const THREAD_BUDGET = 2800;

/** The person's opaque key: a salted hash that exists only in this process's memory. */
function keyOf(ctx: BotContext): string {
  return ctx.deps.reports.anonymous.of(ctx.from!.id);
}

function conversation(ctx: BotContext) {
  return ctx.deps.reports.conversations.get(keyOf(ctx));
}

function cancelButton(keyboard = new InlineKeyboard()): InlineKeyboard {
  return keyboard.text("✖️ Batal", callbackData("lp", "batal"));
}

/** One category per row: the labels are long and must stay readable on a phone. */
function categoryKeyboard(): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const c of CATEGORIES) keyboard.text(c.label, callbackData("lp", "kat", c.id)).row();
  return keyboard;
}

/** Step 1: what this channel is and is not, what is stored, and the photo-as-file warning. */
function notice(ctx: BotContext): { text: string; keyboard: InlineKeyboard } {
  const { search, config, reports } = ctx.deps;
  const entries = FORMAL_CHANNEL_ENTRIES.map((id) => search.get(id)).filter((e) => e !== undefined);
  const formal = entries.length === FORMAL_CHANNEL_ENTRIES.length ? entries.map((e) => `• ${escapeHtml(e.title)}`).join("\n") : FORMAL_CHANNEL_FALLBACK;
  const encrypted = reports.repository.sealing ? " Isi laporan disimpan <b>terenkripsi</b>." : "";
  const text = `🔒 <b>Lapor pelanggaran netralitas ASN (anonim)</b>

Kanal ini <b>bukan</b> laporan resmi ke Bawaslu atau BKN. Laporan Anda dibaca tim peninjau (Inspektorat/BKPSDM/Bawaslu setempat) yang dapat menindaklanjutinya. Untuk laporan resmi:
${formal}

<b>Yang disimpan:</b> kategori, isi laporan dan bukti yang Anda kirim, status, dan tanggal.${encrypted} Semua dihapus otomatis setelah ${config.reportRetentionDays} hari.
<b>Yang tidak disimpan:</b> id Telegram, nama pengguna, nama, atau nomor HP Anda. Tim peninjau tidak melihat siapa pengirimnya.
<b>Foto:</b> kirim sebagai foto biasa. Foto yang dikirim "sebagai file" (dokumen) tetap membawa lokasi GPS dan data perangkat; foto biasa dibersihkan oleh Telegram. Dokumen (PDF/Word) juga bisa memuat nama pembuatnya.
<b>Nama berkas:</b> bot meneruskan dokumen dengan nama baru ("bukti"), tetapi keterangan dan isi berkas tetap seperti yang Anda kirim.
<b>Rekaman suara:</b> suara Anda dapat dikenali orang yang mengenal Anda. Bila mungkin, tuliskan saja.
Jangan tulis identitas Anda sendiri di laporan. Ketik /batal kapan saja.

<b>Pilih kategori pelanggaran:</b>`;
  const keyboard = categoryKeyboard();
  for (const e of entries) keyboard.text(`📖 ${clip(e.title, 50)}`, callbackData("q", e.id)).row();
  return { text, keyboard: cancelButton(keyboard) };
}

/** The question for the draft's current step, with its buttons. */
function prompt(draft: Draft): { text: string; keyboard: InlineKeyboard } {
  const skip = (label: string) => cancelButton(new InlineKeyboard().text(label, callbackData("lp", "lewati", draft.step)));
  switch (draft.step) {
    case "category":
      return { text: "Pilih kategori pelanggaran:", keyboard: cancelButton(categoryKeyboard()) };
    case "what":
      return { text: `<b>1/5 · Apa yang terjadi?</b>\nCeritakan singkat kejadiannya: apa yang dilakukan, dalam acara atau unggahan apa. Paling banyak ${TEXT_LIMITS.what} karakter.`, keyboard: cancelButton() };
    case "who":
      return { text: "<b>2/5 · Siapa yang dilaporkan?</b>\nNama, jabatan, dan instansi — boleh sebagian.", keyboard: skip("Lewati") };
    case "where":
      return { text: "<b>3/5 · Di mana?</b>\nKabupaten/kota, kecamatan, atau tempat kejadian.", keyboard: skip("Lewati") };
    case "when":
      return { text: "<b>4/5 · Kapan?</b>\nTanggal atau perkiraan, mis. <i>Senin 18 November, pagi</i>.", keyboard: skip("Lewati") };
    case "evidence":
      return draft.evidence.length === 0
        ? {
            text: `<b>5/5 · Bukti (opsional)</b>\nKirim foto, dokumen, video, rekaman suara, atau tautan — boleh beberapa (paling banyak ${MAX_EVIDENCE}). Kirim foto sebagai foto biasa, bukan "sebagai file". Tekan <b>Lewati</b> bila tidak ada.`,
            keyboard: skip("Lewati"),
          }
        : { text: `Bukti ke-${draft.evidence.length} diterima. Kirim lagi, atau tekan <b>Selesai</b>.`, keyboard: skip("✅ Selesai") };
    case "confirm": {
      const ready = draftContent(draft)!;
      const text = `<b>Ringkasan laporan</b>\n${describeReport(ready.category, ready.content)}\n\nPeriksa kembali dan pastikan tidak ada identitas Anda sendiri. Tekan <b>Kirim</b> untuk mengirim.`;
      return { text, keyboard: new InlineKeyboard().text("📨 Kirim", callbackData("lp", "kirim")).text("✖️ Batal", callbackData("lp", "batal")) };
    }
  }
}

async function showPrompt(ctx: BotContext, draft: Draft): Promise<void> {
  const { text, keyboard } = prompt(draft);
  await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard, link_preview_options: NO_PREVIEW });
}

/** Why an input did not fit the current step, in words. */
function problemText(draft: Draft, problem: DraftProblem, input: string): string {
  switch (problem) {
    case "empty":
      return "Jawaban kosong. Mohon tulis jawaban Anda.";
    case "too_long": {
      const limit = isTextStep(draft.step) ? TEXT_LIMITS[draft.step] : 0;
      return `Jawaban terlalu panjang (${[...input].length} karakter); paling banyak ${limit}. Mohon ringkas lalu kirim lagi.`;
    }
    case "too_many":
      return `Bukti sudah ${MAX_EVIDENCE} (batas). Tekan Selesai untuk melanjutkan.`;
    case "wrong_step":
      if (draft.step === "category") return "Silakan pilih kategori dengan tombol.";
      if (draft.step === "confirm") return "Ringkasan sudah dibuat. Tekan <b>Kirim</b> atau <b>Batal</b>; bukti tambahan dapat dikirim setelahnya lewat /cek.";
      return "Mohon jawab pertanyaan ini dengan teks. Foto, dokumen, dan tautan dapat dikirim di langkah Bukti.";
  }
}

/** Replies to a draft input: the next question when it moved on, else the reason and the same question. */
async function afterInput(ctx: BotContext, draft: Draft, result: DraftResult, input = ""): Promise<void> {
  if (!result.ok) await ctx.reply(problemText(draft, result.problem, input), { parse_mode: "HTML" });
  await showPrompt(ctx, draft);
}

/** The reporter's limit: a few reports an hour per (anonymous) person. */
async function refuseIfFlooding(ctx: BotContext): Promise<boolean> {
  const wait = ctx.deps.reports.submissions.waitMs(keyOf(ctx));
  if (wait === 0) return false;
  await ctx.reply(`Anda sudah mengirim ${REPORTS_PER_HOUR} laporan dalam satu jam terakhir. Untuk mencegah penyalahgunaan, silakan coba lagi dalam ${minutesToWait(wait)} menit.`);
  return true;
}

/**
 * Enters the report flow: every other flow of the chat closes (an open pledge form must not take
 * the next answers), and the chat's texts stay out of every text log from now on.
 */
async function enterReportFlow(ctx: BotContext): Promise<void> {
  const closed = ctx.deps.flows.begin(ctx.chat!.id, "report");
  if (closed.includes("pledge")) await ctx.reply("Isian ikrar Anda yang belum selesai dihentikan dan datanya dihapus, agar tidak tercampur dengan laporan. Ketik /ikrar nanti untuk mengisi ulang.");
}

/** `/lapor` and `/start lapor`: resumes an unfinished report, else shows the notice and categories. */
async function startReport(ctx: BotContext): Promise<void> {
  const found = conversation(ctx);
  if (found?.state === "active" && found.value.kind === "draft") {
    await ctx.reply("Anda sedang mengisi laporan. Lanjutkan di bawah ini, atau ketik /batal untuk membatalkan.");
    await showPrompt(ctx, found.value);
    return;
  }
  if (await refuseIfFlooding(ctx)) return;
  await enterReportFlow(ctx);
  ctx.deps.reports.conversations.start(keyOf(ctx), newDraft());
  const { text, keyboard } = notice(ctx);
  await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard, link_preview_options: NO_PREVIEW });
}

/** What expired, said once, so a late answer is never taken for something else. */
async function replyExpired(ctx: BotContext, kind: Conversation["kind"]): Promise<void> {
  const text =
    kind === "draft"
      ? "Isian laporan Anda kedaluwarsa karena 30 menit tanpa aktivitas, dan sudah dihapus. Ketik /lapor untuk mulai lagi."
      : "Sesi cek laporan sudah berakhir karena 30 menit tanpa aktivitas. Kirim lagi /cek &lt;kode&gt;.";
  await ctx.reply(text, { parse_mode: "HTML" });
}

/** The active draft, or a reply explaining why there is none; used by every draft button. */
async function activeDraft(ctx: BotContext): Promise<Draft | undefined> {
  const found = conversation(ctx);
  if (found?.state === "active" && found.value.kind === "draft") return found.value;
  await ctx.answerCallbackQuery({ text: found?.state === "expired" ? "Isian laporan kedaluwarsa (30 menit) dan sudah dihapus. Ketik /lapor untuk mulai lagi." : "Isian laporan sudah tidak aktif. Ketik /lapor untuk mulai lagi." });
  return undefined;
}

/** The largest size of a photo, or the file of another supported medium, with its caption. */
function mediaOf(message: Message): { kind: MediaKind; fileId: string; caption?: string } | undefined {
  const caption = message.caption?.trim() || undefined;
  if (message.photo?.length) return { kind: "photo", fileId: message.photo[message.photo.length - 1]!.file_id, caption };
  for (const kind of ["document", "video", "audio", "voice"] as const) {
    const file = message[kind];
    if (file) return { kind, fileId: file.file_id, caption };
  }
  return undefined;
}

/** A text during the draft: the answer to the current question, links as evidence, or a hint. */
async function onDraftText(ctx: BotContext, draft: Draft, text: string): Promise<void> {
  if (draft.step !== "evidence") return afterInput(ctx, draft, answerText(draft, text, ctx.msg?.message_id), text);
  if (/^\s*(selesai|lewati)\s*$/i.test(text)) return afterInput(ctx, draft, skipStep(draft));
  const links = linksIn(text);
  if (links.length === 0) {
    await ctx.reply("Pesan ini tidak berisi tautan, jadi tidak disimpan sebagai bukti. Kirim foto, dokumen, atau tautan (http…); keterangan dapat ditulis sebagai keterangan (caption) foto. Tekan Selesai bila sudah.");
    return showPrompt(ctx, draft);
  }
  let result: DraftResult = { ok: true, step: draft.step };
  for (const link of links) if (result.ok) result = addEvidence(draft, { evidence: link });
  await afterInput(ctx, draft, result);
}

/** A photo/document/... during the draft: evidence in the evidence step, a hint elsewhere. */
async function onDraftMedia(ctx: BotContext, draft: Draft, message: Message): Promise<void> {
  const media = mediaOf(message);
  if (!media) {
    await ctx.reply(draft.step === "evidence" ? "Jenis pesan ini tidak dapat dijadikan bukti. Kirim foto, dokumen, video, rekaman suara, atau tautan." : problemText(draft, "wrong_step", ""), { parse_mode: "HTML" });
    return;
  }
  const result = addEvidence(draft, { evidence: media, source: { chatId: message.chat.id, messageId: message.message_id } });
  await afterInput(ctx, draft, result);
}

/** Said when the report could not be written: nothing was sent, the draft is still there. */
const NOT_STORED =
  "⚠️ Laporan Anda <b>belum tersimpan</b> karena gangguan penyimpanan di server, jadi belum terkirim dan belum ada kode laporan. Draf Anda masih ada: tekan <b>Kirim</b> lagi beberapa menit lagi.";

/**
 * "Kirim": stores the report durably, then shows the receipt code once, then brings the report to
 * the reviewers after a random delay (in the background, so the reporter's chat is not held).
 */
async function submit(ctx: BotContext, draft: Draft): Promise<void> {
  const { reports, logger, tasks } = ctx.deps;
  const ready = draftContent(draft);
  if (!ready) return showPrompt(ctx, draft);
  if (await refuseIfFlooding(ctx)) return;
  let filed: Awaited<ReturnType<typeof reports.file>>;
  try {
    filed = await reports.file(ready.category, ready.content);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    logger.error({ message: error.message }, "report not stored");
    await ctx.reply(NOT_STORED, { parse_mode: "HTML", reply_markup: prompt(draft).keyboard });
    return;
  }
  const { report, code } = filed;
  reports.submissions.record(keyOf(ctx));
  reports.conversations.end(keyOf(ctx));
  logger.info({ report: report.id, evidence: ready.content.evidence.length }, "report received");
  tasks.run(async () => {
    await tasks.delay(reports.relayDelayMs());
    await relayNewReport(ctx, report, ready.content, draft.evidence);
  });
  await ctx.reply(
    `Terima kasih, laporan Anda telah diterima. Kode laporan: <code>${code}</code>

Simpan kode ini baik-baik dan <b>rahasiakan</b>: kode hanya ditampilkan sekali ini dan tidak dapat dipulihkan. Dengan /cek ${code} Anda dapat melihat status, membaca pesan tim peninjau, dan menambah informasi. Setelah mencatat kode, Anda boleh menghapus riwayat chat ini.`,
    { parse_mode: "HTML" },
  );
}

/** `/cek` without a code, or `/start cek`: the next text is taken as the code. */
async function askForCode(ctx: BotContext): Promise<void> {
  await enterReportFlow(ctx);
  ctx.deps.reports.conversations.start(keyOf(ctx), { kind: "code" });
  await ctx.reply("Kirim kode laporan Anda (bentuk XXXX-XXXX-XXXX).");
}

/** One thread message for the reporter. */
function threadLine(entry: ThreadEntry): string {
  const who = entry.from === "peninjau" ? "🛡 <b>Tim peninjau</b>" : "🙋 <b>Anda</b>";
  const body = entry.message.sealed ? "<i>(terenkripsi)</i>" : escapeHtml(clip(threadText(entry.message.value), 1200));
  return `${who} · ${formatDateTime(entry.at)}\n${body}`;
}

function threadText(message: ThreadText): string {
  const attached = message.evidence?.length ? `[${message.evidence.length} lampiran] ` : "";
  return `${attached}${message.text}`.trim();
}

/** The newest thread messages that fit, oldest first. */
function threadSection(entries: ThreadEntry[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const entry of [...entries].reverse()) {
    const line = threadLine(entry);
    if (used + line.length > THREAD_BUDGET) break;
    used += line.length;
    lines.unshift(line);
  }
  const hidden = entries.length - lines.length;
  return [hidden ? `<i>(${hidden} pesan sebelumnya tidak ditampilkan)</i>` : "", ...lines].filter(Boolean).join("\n\n");
}

/** What `/cek` shows: status and dates always, the thread when the bot can read it. */
function statusView(ctx: BotContext, report: StoredReport): string {
  const { repository } = ctx.deps.reports;
  const thread = repository.readThread(report);
  const head = `📋 <b>Laporan Anda</b>\nStatus: <b>${STATUSES[report.status]}</b>\nDikirim: ${formatDateTime(report.createdAt)}\nTerakhir diperbarui: ${formatDateTime(report.updatedAt)}`;
  const fromReviewers = thread.filter((m) => m.from === "peninjau").length;
  let body: string;
  if (repository.readContent(report).sealed) {
    body = `Isi laporan dan percakapan disimpan terenkripsi, sehingga bot tidak dapat menampilkannya di sini. Pesan dari tim peninjau: ${fromReviewers}.`;
  } else if (thread.length === 0) {
    body = "Belum ada pesan dari tim peninjau.";
  } else {
    body = `<b>Percakapan</b>\n${threadSection(thread)}`;
  }
  return `${head}\n\n${body}\n\n<i>Bot tidak mengirim pemberitahuan karena tidak mengetahui siapa Anda; cek kembali nanti dengan /cek dan kode Anda.</i>`;
}

/** `/cek <kode>`: the report's status and thread, with slow-down after repeated wrong codes. */
async function checkCode(ctx: BotContext, input: string): Promise<void> {
  const { reports } = ctx.deps;
  const key = keyOf(ctx);
  const wait = reports.codeFailures.waitMs(key);
  if (wait > 0) {
    reports.conversations.end(key);
    await ctx.reply(`Terlalu banyak percobaan, coba lagi dalam ${minutesToWait(wait)} menit.`);
    return;
  }
  reports.purge();
  const report = reports.repository.findByCode(input);
  if (!report) {
    // Every miss counts, malformed or not: the rule stays simple and guessing stays slow.
    reports.codeFailures.record(key);
    reports.conversations.start(key, { kind: "code" });
    await ctx.reply("Kode tidak ditemukan. Periksa kembali kode Anda (bentuk XXXX-XXXX-XXXX, 12 huruf/angka) lalu kirim lagi, atau /batal.");
    return;
  }
  reports.conversations.start(key, { kind: "thread", reportId: report.id });
  await ctx.reply(statusView(ctx, report), {
    parse_mode: "HTML",
    reply_markup: new InlineKeyboard().text("✍️ Tambah informasi / balas", callbackData("lp", "balas")),
    link_preview_options: NO_PREVIEW,
  });
}

/** A message as a possible follow-up: its text (or caption) and medium. */
function followUpOf(message: Message): FollowUp {
  const media = mediaOf(message);
  return { text: (message.text ?? media?.caption ?? "").trim(), evidence: media, source: media ? { chatId: message.chat.id, messageId: message.message_id } : undefined };
}

/** A reporter's follow-up after "Tambah informasi / balas": stored in the thread and brought to the reviewers. */
async function addFollowUp(ctx: BotContext, reportId: string, followUp: FollowUp): Promise<void> {
  const { reports } = ctx.deps;
  const { text, source } = followUp;
  if (!followUp.evidence && !text) {
    await ctx.reply("Jenis pesan ini tidak dapat dikirim. Kirim teks, foto, dokumen, video, atau rekaman suara.");
    return;
  }
  if ([...text].length > TEXT_LIMITS.what) {
    await ctx.reply(`Pesan terlalu panjang (${[...text].length} karakter); paling banyak ${TEXT_LIMITS.what}. Mohon ringkas lalu kirim lagi.`);
    return;
  }
  const evidence: Evidence[] | undefined = followUp.evidence ? [followUp.evidence] : undefined;
  let report: StoredReport | undefined;
  try {
    report = await reports.addFollowUp(reportId, { text, evidence });
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    await ctx.reply("⚠️ Pesan Anda <b>belum tersimpan</b> karena gangguan penyimpanan di server. Silakan kirim lagi beberapa menit lagi.", { parse_mode: "HTML" });
    return;
  }
  if (!report) {
    reports.conversations.end(keyOf(ctx));
    await ctx.reply("Laporan ini sudah tidak tersedia (mungkin telah melewati masa simpan).");
    return;
  }
  reports.conversations.start(keyOf(ctx), { kind: "thread", reportId });
  // Like a new report, a follow-up reaches the reviewer chat after a random delay (its time there
  // must not tell when the reporter wrote); it is stored already, whatever happens to the relay.
  const { tasks } = ctx.deps;
  tasks.run(async () => {
    await tasks.delay(reports.relayDelayMs());
    await relayReporterMessage(ctx, report, { text, evidence }, source);
  });
  await ctx.reply("Tersimpan pada laporan Anda dan diteruskan ke tim peninjau sebentar lagi. Balasan mereka dapat dibaca dengan /cek dan kode Anda.", {
    reply_markup: new InlineKeyboard().text("✍️ Tambah lagi", callbackData("lp", "balas")),
  });
}

/**
 * A message typed while reading a report, without pressing "Tambah informasi": probably meant for
 * the reviewers, possibly a question. It is held in memory and the reporter chooses; it is never
 * taken as a question (and so never kept with the unanswered ones) without being asked.
 */
async function askIfFollowUp(ctx: BotContext, reportId: string, message: Message): Promise<void> {
  ctx.deps.reports.conversations.start(keyOf(ctx), { kind: "unsure", reportId, followUp: followUpOf(message) });
  await ctx.reply("Apakah pesan ini tambahan informasi untuk laporan Anda?", {
    reply_markup: new InlineKeyboard().text("📨 Ya, kirim ke tim peninjau", callbackData("lp", "tambah")).row().text("✖️ Bukan, jangan kirim", callbackData("lp", "bukan")),
  });
}

/** Routes a private message to the person's conversation; returns false when there is none for it. */
async function routeMessage(ctx: BotContext, message: Message): Promise<boolean> {
  const found = conversation(ctx);
  if (!found) return false;
  ctx.deps.flows.touch(ctx.chat!.id);
  if (found.state === "expired") {
    // An expired "reading" session held nothing typed; the message is for someone else.
    if (found.kind === "thread") return false;
    await replyExpired(ctx, found.kind);
    return true;
  }
  const current = found.value;
  switch (current.kind) {
    case "draft":
      if (message.text !== undefined) await onDraftText(ctx, current, message.text);
      else await onDraftMedia(ctx, current, message);
      return true;
    case "code":
      if (message.text !== undefined) await checkCode(ctx, message.text);
      else await ctx.reply("Kirim kode laporan sebagai teks, atau /batal.");
      return true;
    case "reply":
      await addFollowUp(ctx, current.reportId, followUpOf(message));
      return true;
    case "thread":
    case "unsure":
      await askIfFollowUp(ctx, current.reportId, message);
      return true;
  }
}

/**
 * The reporter's side of anonymous reports: `/lapor` (private only), `/cek`, and the follow-up
 * thread. The person is known here only by a salted in-memory hash; nothing that names them is
 * stored, logged or sent to the reviewers.
 */
export const reportFeature = new Composer<BotContext>();

const groups = reportFeature.chatType(["group", "supergroup"]);

groups.command("lapor", (ctx) => redirectToPrivate(ctx, "lapor", "🔒 Lapor lewat chat pribadi"));

groups.command("cek", async (ctx) => {
  // A receipt code typed in a group is exposed; removing it (when the bot may) limits the damage.
  if (ctx.match.trim()) await ctx.deleteMessage().catch(() => undefined);
  await redirectToPrivate(ctx, "cek", "🔒 Cek laporan di chat pribadi");
});

const pm = reportFeature.chatType("private");

pm.command("lapor", startReport);

pm.command("start", async (ctx, next) => {
  if (ctx.match === "lapor") return startReport(ctx);
  if (ctx.match === "cek") return askForCode(ctx);
  return next();
});

pm.command("cek", async (ctx) => {
  const found = conversation(ctx);
  if (found?.state === "active" && found.value.kind === "draft") {
    await ctx.reply("Anda sedang mengisi laporan. Selesaikan atau ketik /batal dulu, lalu /cek.");
    return;
  }
  if (!ctx.match.trim()) return askForCode(ctx);
  await enterReportFlow(ctx);
  await checkCode(ctx, ctx.match);
});

pm.command("batal", async (ctx, next) => {
  const found = conversation(ctx);
  if (!found) return next();
  ctx.deps.reports.conversations.end(keyOf(ctx));
  if (found.state === "expired") return replyExpired(ctx, found.kind);
  if (found.value.kind === "thread") return ctx.reply("Sesi cek laporan ditutup. Silakan ketik pertanyaan Anda bila ada.");
  await ctx.reply(found.value.kind === "draft" ? "Laporan dibatalkan. Tidak ada yang disimpan." : "Dibatalkan.");
});

pm.callbackQuery(/^lp:kat:([a-z]+)$/, async (ctx) => {
  const draft = await activeDraft(ctx);
  if (!draft) return;
  const category = ctx.match[1] ?? "";
  if (!isCategory(category)) {
    await ctx.answerCallbackQuery({ text: "Kategori tidak dikenal." });
    return;
  }
  const result = chooseCategory(draft, category);
  await ctx.answerCallbackQuery(result.ok ? { text: `Kategori: ${CATEGORIES.find((c) => c.id === category)!.label}` } : { text: "Kategori sudah dipilih." });
  if (result.ok) await showPrompt(ctx, draft);
});

pm.callbackQuery(/^lp:lewati:([a-z]+)$/, async (ctx) => {
  const draft = await activeDraft(ctx);
  if (!draft) return;
  if (draft.step !== ctx.match[1]) {
    await ctx.answerCallbackQuery({ text: "Tombol ini sudah tidak berlaku." });
    return;
  }
  await ctx.answerCallbackQuery();
  await afterInput(ctx, draft, skipStep(draft));
});

pm.callbackQuery("lp:kirim", async (ctx) => {
  const draft = await activeDraft(ctx);
  if (!draft) return;
  await ctx.answerCallbackQuery();
  await submit(ctx, draft);
});

pm.callbackQuery("lp:batal", async (ctx) => {
  const draft = await activeDraft(ctx);
  if (!draft) return;
  ctx.deps.reports.conversations.end(keyOf(ctx));
  await ctx.answerCallbackQuery({ text: "Dibatalkan" });
  await ctx.reply("Laporan dibatalkan. Tidak ada yang disimpan.");
});

pm.callbackQuery("lp:balas", async (ctx) => {
  const found = conversation(ctx);
  const current = found?.state === "active" ? found.value : undefined;
  if (current?.kind !== "thread" && current?.kind !== "reply" && current?.kind !== "unsure") {
    await ctx.answerCallbackQuery({ text: "Sesi cek laporan sudah berakhir. Kirim lagi /cek dengan kode Anda." });
    return;
  }
  ctx.deps.reports.conversations.start(keyOf(ctx), { kind: "reply", reportId: current.reportId });
  await ctx.answerCallbackQuery();
  await ctx.reply("Tulis informasi tambahan atau jawaban Anda dalam satu pesan (teks, foto, atau dokumen). Ketik /batal untuk membatalkan.");
});

/** How each answer is named when the reporter edits it. */
const ANSWER_LABELS = { what: "Kejadian", who: "Terlapor", where: "Lokasi", when: "Waktu kejadian" } as const;

/**
 * An edited message during a report: an edited answer replaces the draft's answer (and the
 * summary is shown again when it is already up); every other edit is answered, never ignored
 * silently, because the reporter believes the bot saw it.
 */
async function onEdit(ctx: BotContext, next: () => Promise<void>): Promise<void> {
  const found = conversation(ctx);
  const edited = ctx.editedMessage;
  if (found?.state !== "active" || !edited) return next();
  const current = found.value;
  if (current.kind !== "draft") {
    await ctx.reply("Perubahan pesan tidak dikirim ke tim peninjau. Untuk meralat, kirim informasi tambahan sebagai pesan baru (tombol Tambah informasi di /cek).");
    return;
  }
  const revision = edited.text === undefined ? ({ ok: false, problem: "not_an_answer" } as const) : reviseAnswer(current, edited.message_id, edited.text);
  if (revision.ok) {
    await ctx.reply(`✏️ Jawaban "${ANSWER_LABELS[revision.step]}" diperbarui sesuai pesan yang Anda ubah.`);
    if (current.step === "confirm") await showPrompt(ctx, current);
    return;
  }
  if (revision.problem === "not_an_answer") {
    await ctx.reply("Perubahan pada pesan itu tidak dipakai (hanya jawaban teks yang dapat diubah dengan mengedit). Kirim ulang bila perlu, atau /batal untuk mulai lagi.");
    return;
  }
  const why = revision.problem === "too_long" ? `terlalu panjang; paling banyak ${TEXT_LIMITS[revision.step]} karakter` : "kosong";
  await ctx.reply(`Perubahan tidak dipakai: jawaban "${ANSWER_LABELS[revision.step]}" ${why}. Jawaban sebelumnya tetap dipakai.`);
}

pm.on("edited_message", onEdit);

/** The reporter's choice about a message typed while reading a report. */
async function unsureFollowUp(ctx: BotContext): Promise<{ reportId: string; followUp: FollowUp } | undefined> {
  const found = conversation(ctx);
  if (found?.state === "active" && found.value.kind === "unsure") return found.value;
  await ctx.answerCallbackQuery({ text: "Sesi cek laporan sudah berakhir. Kirim lagi /cek dengan kode Anda." });
  return undefined;
}

pm.callbackQuery("lp:tambah", async (ctx) => {
  const unsure = await unsureFollowUp(ctx);
  if (!unsure) return;
  await ctx.answerCallbackQuery();
  await addFollowUp(ctx, unsure.reportId, unsure.followUp);
});

pm.callbackQuery("lp:bukan", async (ctx) => {
  const unsure = await unsureFollowUp(ctx);
  if (!unsure) return;
  ctx.deps.reports.conversations.start(keyOf(ctx), { kind: "thread", reportId: unsure.reportId });
  await ctx.answerCallbackQuery({ text: "Tidak dikirim" });
  await ctx.reply("Baik, pesan itu tidak dikirim dan tidak disimpan. Untuk bertanya soal netralitas, ketik /batal dulu, lalu tulis pertanyaan Anda.");
});

pm.on("message", async (ctx, next) => {
  if (ctx.message.text?.startsWith("/") || !(await routeMessage(ctx, ctx.message))) return next();
});
