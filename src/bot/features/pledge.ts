import { Composer, InlineKeyboard } from "grammy";
import { answerStep, newForm, QUESTION_COUNT, stepNumber, isComplete, type FormStep, type PledgeForm, type StepEnv } from "../../core/pledge/form.ts";
import { maskNip, numberLabel, type NipFacts } from "../../core/pledge/nip.ts";
import { placeKey } from "../../core/pledge/places.ts";
import { parseReceiptCode } from "../../core/pledge/receipt.ts";
import { minutesToWait } from "../../core/reports/limiter.ts";
import type { Pledge } from "../../core/pledge/service.ts";
import { formatCalendarDate, formatDateTime } from "../../core/pledge/time.ts";
import { pledgeForAsker } from "../calendar-place.ts";
import type { BotContext } from "../context.ts";
import { callbackData, clip, escapeHtml } from "../format/html.ts";
import { redirectToPrivate } from "../guards.ts";
import { provinceBySlug, provinceKeyboard, provincePages, provinceSlug } from "../province-keyboard.ts";

const HTML = { parse_mode: "HTML" } as const;
const BUTTON_TEXT = 48;
const STALE_BUTTON = "Tombol ini sudah tidak berlaku. Ketik /ikrar untuk melanjutkan atau memulai ikrar.";
const EXPIRED =
  "⌛ Isian ikrar Anda kedaluwarsa karena tidak ada jawaban selama 30 menit. Demi keamanan data, isian itu sudah dihapus. Ketik /ikrar untuk memulai lagi.";

type Question = { text: string; reply_markup: InlineKeyboard };

function userKey(ctx: BotContext): string {
  return String(ctx.from?.id);
}

/** The pledge itself (from `knowledge/ikrar.yaml`, naming the next vote) and what happens to the data, before any question. */
async function introText(ctx: BotContext): Promise<string> {
  const { title, intro, points, closing } = await pledgeForAsker(ctx);
  return [
    `<b>${escapeHtml(title)}</b>`,
    "",
    escapeHtml(intro),
    ...points.map((point, i) => `${i + 1}. ${escapeHtml(point)}`),
    "",
    escapeHtml(closing),
    "",
    "🔒 <b>Tentang data Anda</b>",
    "• <b>Yang disimpan:</b> nama, instansi, unit kerja, daerah, tanggal ikrar, kode tanda terima, dan ID Telegram Anda. NIP/NI PPPK <u>tidak</u> disimpan utuh: hanya sandi satu arahnya (untuk mencegah ikrar ganda) dan 4 digit terakhir.",
    "• <b>Untuk apa:</b> mencatat dan membuktikan ikrar Anda, dan rekap jumlah ikrar bagi instansi (BKPSDM/Inspektorat). Pemegang kode tanda terima dapat melihat nama, instansi, tanggal ikrar, dan 4 digit terakhir NIP.",
    "• <b>Berapa lama:</b> sampai Anda menghapusnya dengan /hapusdata, atau sampai masa simpan yang ditetapkan instansi berakhir.",
    "• <b>Menghapus:</b> ketik /hapusdata kapan saja. Ketik /batal untuk berhenti mengisi.",
  ].join("\n");
}

/** Starts a new row unless the last one is still empty (Telegram clients render empty rows as gaps). */
function newRow(keyboard: InlineKeyboard): InlineKeyboard {
  return keyboard.inline_keyboard.at(-1)?.length ? keyboard.row() : keyboard;
}

function cancelRow(keyboard: InlineKeyboard): InlineKeyboard {
  return newRow(keyboard).text("❌ Batal", callbackData("ikr", "no"));
}

/**
 * The shared province picker (ten per page, like the other pickers), led on its first page by the
 * provinces most pledges name: in a regional deployment that makes the answer one tap.
 */
async function pledgeProvinceKeyboard(ctx: BotContext, page: number): Promise<InlineKeyboard> {
  const { pledges } = ctx.deps;
  const keyboard = provinceKeyboard(ctx.deps.knowledge.provinces, page, { page: (n) => callbackData("ikr", "pp", String(n)), pick: (slug) => callbackData("ikr", "pv", slug) });
  const recent = (await pledges.recentProvinces(2)).map((g) => InlineKeyboard.text(`⭐ ${g.label}`, callbackData("ikr", "pv", provinceSlug(g.label))));
  if (page === 0 && recent.length) keyboard.inline_keyboard.unshift(recent);
  return cancelRow(keyboard);
}

/** What a just-typed NIP proves, said once so typos are caught; never stored. */
function provedText(form: PledgeForm, facts: NipFacts): string {
  const proved = [`lahir ${formatCalendarDate(facts.birthDate)}`, ...(facts.appointed ? [`TMT ${facts.appointed.slice(5)}/${facts.appointed.slice(0, 4)}`] : [])].join(", ");
  return `✓ ${numberLabel(form.status ?? "PNS")} ${maskNip(form.nip?.last4 ?? "")} diterima (${proved}). Bila salah, tekan Batal lalu /ikrar.`;
}

function summaryText(form: PledgeForm): string {
  return [
    "<b>Periksa kembali data Anda</b>",
    `Status: ${escapeHtml(form.status ?? "")}`,
    `Nama: ${escapeHtml(form.name ?? "")}`,
    `${numberLabel(form.status ?? "PNS")}: ${maskNip(form.nip?.last4 ?? "")}`,
    `Instansi: ${escapeHtml(form.agency ?? "")}`,
    `Unit kerja: ${escapeHtml(form.unit ?? "")}`,
    `Daerah: ${escapeHtml(`${form.regency}, ${form.province}`)}`,
    "",
    "Dengan menekan “Saya berikrar”, Anda secara pribadi menyatakan Ikrar Netralitas ASN di atas. Ada yang salah? Tekan “Batal” lalu /ikrar untuk mengisi ulang.",
  ].join("\n");
}

/** The message asking the form's current question, with the buttons that help answer it. */
async function question(ctx: BotContext, form: PledgeForm): Promise<Question> {
  const step = (text: string) => `<b>Langkah ${stepNumber(form.step)}/${QUESTION_COUNT}</b> — ${text}`;
  switch (form.step) {
    case "status":
      return { text: step("Apa status kepegawaian Anda?"), reply_markup: cancelRow(new InlineKeyboard().text("PNS", callbackData("ikr", "st", "PNS")).text("PPPK", callbackData("ikr", "st", "PPPK"))) };
    case "name":
      return { text: step("Ketik <b>nama lengkap</b> Anda (boleh dengan gelar)."), reply_markup: cancelRow(new InlineKeyboard()) };
    case "nip": {
      const label = numberLabel(form.status ?? "PNS");
      return { text: step(`Ketik <b>${label}</b> Anda (18 digit; spasi dan titik boleh).\n${label} tidak disimpan utuh: hanya sandinya dan 4 digit terakhir.`), reply_markup: cancelRow(new InlineKeyboard()) };
    }
    case "agency": {
      const recent = await ctx.deps.pledges.recentAgencies(5);
      const keyboard = new InlineKeyboard();
      for (const agency of recent) newRow(keyboard).text(clip(agency.label, BUTTON_TEXT), callbackData("ikr", "ag", agency.id));
      const hint = recent.length ? "\nAtau pilih instansi yang sering dipakai:" : "";
      return { text: step(`Ketik nama <b>instansi</b> Anda, mis. <i>Pemerintah Kabupaten Lembata</i>.${hint}`), reply_markup: cancelRow(keyboard) };
    }
    case "unit":
      return { text: step("Ketik <b>unit kerja</b> Anda, mis. <i>Dinas Pendidikan</i>."), reply_markup: cancelRow(new InlineKeyboard()) };
    case "province":
      return { text: step("Pilih <b>provinsi</b> tempat Anda bertugas, atau ketik namanya (singkatan seperti NTT juga boleh)."), reply_markup: await pledgeProvinceKeyboard(ctx, 0) };
    case "regency": {
      const known = ctx.deps.knowledge.regions.filter((r) => placeKey(r.province) === placeKey(form.province ?? ""));
      const keyboard = new InlineKeyboard();
      for (const region of known) newRow(keyboard).text(region.name, callbackData("ikr", "rg", region.id));
      return {
        text: step(`Ketik <b>kabupaten/kota</b> tempat Anda bertugas di ${escapeHtml(form.province ?? "")}, mis. <i>Kabupaten Lembata</i> atau <i>Kota Kupang</i>.${known.length ? "\nAtau pilih:" : ""}`),
        reply_markup: cancelRow(keyboard),
      };
    }
    case "confirm":
      return {
        text: summaryText(form),
        reply_markup: new InlineKeyboard().text("✅ Saya berikrar", callbackData("ikr", "ok")).text("❌ Batal", callbackData("ikr", "no")),
      };
  }
}

async function ask(ctx: BotContext, form: PledgeForm, before = ""): Promise<void> {
  const { text, reply_markup } = await question(ctx, form);
  await ctx.reply(before ? `${before}\n\n${text}` : text, { ...HTML, reply_markup });
}

function receiptLine(pledge: Pledge): string {
  return `Kode tanda terima: <code>${pledge.receipt}</code> (periksa dengan <code>/verifikasi ${pledge.receipt}</code>)`;
}

/** Why no second pledge: by this account, or by this NIP from another account (with what to do). */
function alreadyPledgedText(existing: Pledge, reason: "user" | "nip"): string {
  if (reason === "user") return [`Anda sudah berikrar pada ${formatDateTime(new Date(existing.pledgedAt))}.`, receiptLine(existing), "Untuk menghapus data ikrar Anda: /hapusdata"].join("\n");
  // Another account's pledge: nothing of it is shown (its receipt would open its name and agency).
  return [
    "NIP/NI PPPK ini sudah dipakai untuk ikrar dari akun Telegram lain.",
    "Satu NIP hanya dapat berikrar sekali. Jika itu akun lama Anda, hapus ikrar lama dengan /hapusdata dari akun itu; jika bukan Anda, hubungi BKPSDM atau Inspektorat instansi Anda: admin dapat membatalkan ikrar itu.",
    "Isian ikrar ini dihentikan dan datanya dihapus.",
  ].join("\n");
}

function stepEnv(ctx: BotContext): StepEnv {
  const { pledges, now } = ctx.deps;
  return { now: now(), provinces: ctx.deps.knowledge.provinces, regions: ctx.deps.knowledge.regions, hashNip: (nip) => pledges.hashNip(nip), pledgeForNip: (hash) => pledges.byNipHash(hash) };
}

/** `/ikrar` and `/start ikrar`: already pledged, resume an unfinished form, or start a new one. */
async function beginPledge(ctx: BotContext): Promise<void> {
  const userId = userKey(ctx);
  const { pledges, now } = ctx.deps;
  const existing = await pledges.byUser(userId);
  if (existing) {
    await ctx.reply(alreadyPledgedText(existing, "user"), HTML);
    return;
  }
  const loaded = await pledges.forms.load(userId);
  if (loaded.kind === "active") {
    await ask(ctx, loaded.form, "Anda sedang mengisi ikrar; kita lanjutkan dari pertanyaan terakhir (ketik /batal untuk berhenti).");
    return;
  }
  // One flow at a time: report drafts come first in the chain, so an open one would take the answers.
  if ((await ctx.deps.flows.begin(ctx.chat!.id, "pledge")).includes("report")) await ctx.reply("Isian laporan yang belum dikirim dibatalkan agar Anda dapat berikrar.");
  const form = newForm(now());
  await pledges.forms.save(userId, form);
  await ctx.reply(await introText(ctx), HTML);
  await ask(ctx, form);
}

/**
 * Well-formed NIPs typed by one account are counted: a typo or two is normal, many different
 * NIPs are someone checking who has pledged or squatting numbers. True when refused.
 */
async function refuseNipProbing(ctx: BotContext, form: PledgeForm): Promise<boolean> {
  const { nipAttempts } = ctx.deps.pledges;
  const userId = userKey(ctx);
  const wait = await nipAttempts.waitMs(userId);
  if (wait === 0) {
    await nipAttempts.record(userId);
    return false;
  }
  await ctx.reply(`Terlalu banyak percobaan ${numberLabel(form.status ?? "PNS")}. Demi keamanan, coba lagi dalam ${minutesToWait(wait)} menit.`);
  return true;
}

/** Applies one answer (typed or from a button) and asks the next question, or says what is wrong. */
async function applyAnswer(ctx: BotContext, form: PledgeForm, input: string): Promise<void> {
  const userId = userKey(ctx);
  const { forms } = ctx.deps.pledges;
  const result = await answerStep(form, input, stepEnv(ctx));
  if (form.step === "nip" && result.kind !== "invalid" && (await refuseNipProbing(ctx, form))) return;
  if (result.kind === "invalid") {
    await forms.save(userId, form); // still answering: the 30 minutes count from the last message
    await ask(ctx, form, `⚠️ ${escapeHtml(result.message)}`);
  } else if (result.kind === "taken") {
    await forms.clear(userId);
    await ctx.reply(alreadyPledgedText(result.existing, "nip"), HTML);
  } else {
    await forms.save(userId, result.form);
    await ask(ctx, result.form, result.facts ? provedText(result.form, result.facts) : "");
  }
}

/** Stores the confirmed pledge and hands out the receipt. */
async function confirmPledge(ctx: BotContext, form: Required<PledgeForm>): Promise<void> {
  const userId = userKey(ctx);
  const { pledges } = ctx.deps;
  const outcome = await pledges.add({
    userId,
    nipHash: form.nip.hash,
    nipLast4: form.nip.last4,
    name: form.name,
    agency: form.agency,
    unit: form.unit,
    province: form.province,
    regency: form.regency,
  });
  await pledges.forms.clear(userId);
  if (!outcome.ok) {
    await ctx.reply(alreadyPledgedText(outcome.existing, outcome.reason), HTML);
    return;
  }
  const { pledge } = outcome;
  await ctx.reply(
    [
      "✅ <b>Terima kasih, ikrar Anda tercatat.</b>",
      `Tanggal: ${formatDateTime(new Date(pledge.pledgedAt))}`,
      `Kode tanda terima: <code>${pledge.receipt}</code>`,
      "",
      "Siapa pun dapat memeriksa keaslian tanda terima ini dengan:",
      `<code>/verifikasi ${pledge.receipt}</code>`,
      "Simpan kode ini. Untuk menghapus data ikrar Anda: /hapusdata",
    ].join("\n"),
    HTML,
  );
}

/** Stops the form and removes what was entered so far; false when there was no form. */
async function cancelForm(ctx: BotContext): Promise<boolean> {
  const userId = userKey(ctx);
  const { forms } = ctx.deps.pledges;
  if ((await forms.load(userId)).kind === "none") return false;
  await forms.clear(userId);
  await ctx.reply("Isian ikrar dibatalkan dan data yang sudah Anda isi telah dihapus. Ketik /ikrar bila ingin memulai lagi.");
  return true;
}

/** `/hapusdata`: says what will be deleted and asks for a confirmation button. */
async function askDelete(ctx: BotContext): Promise<void> {
  const userId = userKey(ctx);
  const { pledges } = ctx.deps;
  const pledge = await pledges.byUser(userId);
  if (!pledge) {
    const hadForm = (await pledges.forms.load(userId)).kind !== "none";
    await pledges.forms.clear(userId);
    await ctx.reply(`Tidak ada data ikrar yang tersimpan untuk akun Telegram ini.${hadForm ? " Isian ikrar yang belum selesai juga sudah dihapus." : ""}`);
    return;
  }
  const keyboard = new InlineKeyboard().text("🗑 Ya, hapus data saya", callbackData("ikr", "del", pledge.receipt)).text("Tidak", callbackData("ikr", "keep"));
  await ctx.reply(
    [
      "<b>Hapus data ikrar?</b>",
      `Ikrar atas nama ${escapeHtml(pledge.name)} (${escapeHtml(pledge.agency)}) pada ${formatDateTime(new Date(pledge.pledgedAt))} akan dihapus dari bot, dan tanda terima <code>${pledge.receipt}</code> tidak berlaku lagi.`,
      "Penghapusan tidak dapat dibatalkan.",
    ].join("\n"),
    { ...HTML, reply_markup: keyboard },
  );
}

/** A user's form if a button of `step` may act on it now; otherwise the button is answered as stale. */
async function formAt(ctx: BotContext, step: FormStep): Promise<PledgeForm | undefined> {
  const loaded = await ctx.deps.pledges.forms.load(userKey(ctx));
  if (loaded.kind === "expired") {
    await ctx.deps.pledges.forms.clear(userKey(ctx));
    await ctx.answerCallbackQuery();
    await ctx.reply(EXPIRED);
    return undefined;
  }
  if (loaded.kind !== "active" || loaded.form.step !== step) {
    await ctx.answerCallbackQuery({ text: await ctx.deps.pledges.byUser(userKey(ctx)) ? "Ikrar Anda sudah tercatat." : STALE_BUTTON });
    return undefined;
  }
  await ctx.answerCallbackQuery();
  return loaded.form;
}

/** An answer chosen by button goes through the same checks as a typed one. */
async function chosen(ctx: BotContext, step: FormStep, value: string | undefined): Promise<void> {
  if (value === undefined) {
    await ctx.answerCallbackQuery({ text: STALE_BUTTON });
    return;
  }
  const form = await formAt(ctx, step);
  if (form) await applyAnswer(ctx, form, value);
}

/**
 * The neutrality pledge: `/ikrar` (private; a button in groups), the form, `/verifikasi <kode>` and
 * `/hapusdata`. Installed before the question feature so that answers to the form are not
 * mistaken for questions.
 */
export const pledgeFeature = new Composer<BotContext>();

pledgeFeature.command("ikrar", async (ctx) => {
  if (ctx.chat.type === "private") await beginPledge(ctx);
  else await redirectToPrivate(ctx, "ikrar", "✍️ Ikrar di chat pribadi");
});

pledgeFeature.command("hapusdata", async (ctx) => {
  if (ctx.chat.type === "private") await askDelete(ctx);
  else await redirectToPrivate(ctx, "hapusdata", "🗑 Hapus data di chat pribadi");
});

pledgeFeature.chatType("private").command("start", async (ctx, next) => {
  const payload = ctx.match.trim();
  if (payload === "ikrar") await beginPledge(ctx);
  else if (payload === "hapusdata") await askDelete(ctx);
  else await next();
});

pledgeFeature.command("verifikasi", async (ctx) => {
  const typed = ctx.match.trim();
  if (!typed) {
    await ctx.reply("Ketik kode tanda terima setelah perintahnya, mis. <code>/verifikasi IKR-7K3M-9Q2X-4HWD</code>.", HTML);
    return;
  }
  const code = parseReceiptCode(typed);
  if (!code) {
    await ctx.reply("Itu bukan bentuk kode tanda terima ikrar. Kodenya seperti <code>IKR-7K3M-9Q2X-4HWD</code> (huruf dan angka, tanpa O, I, 0, atau 1).", HTML);
    return;
  }
  const { receiptMisses } = ctx.deps.pledges;
  const asker = String(ctx.from?.id);
  const wait = await receiptMisses.waitMs(asker);
  if (wait > 0) {
    await ctx.reply(`Terlalu banyak kode yang tidak ditemukan. Demi keamanan, coba lagi dalam ${minutesToWait(wait)} menit.`);
    return;
  }
  const pledge = await ctx.deps.pledges.byReceipt(code);
  if (!pledge) {
    await receiptMisses.record(asker);
    await ctx.reply(`❌ Tanda terima <code>${code}</code> tidak ditemukan. Mungkin kodenya salah ketik, atau ikrarnya telah dihapus oleh pemiliknya.`, HTML);
    return;
  }
  await ctx.reply(
    [
      "✅ <b>Tanda terima sah</b>",
      `Kode: <code>${pledge.receipt}</code>`,
      `Nama: ${escapeHtml(pledge.name)}`,
      `NIP/NI PPPK: ${maskNip(pledge.nipLast4)}`,
      `Instansi: ${escapeHtml(pledge.agency)}`,
      `Tanggal ikrar: ${formatDateTime(new Date(pledge.pledgedAt))}`,
    ].join("\n"),
    HTML,
  );
});

pledgeFeature.chatType("private").command("batal", async (ctx, next) => {
  if (!(await cancelForm(ctx))) await next();
});

const privateChat = pledgeFeature.chatType("private");

privateChat.on("message:text", async (ctx, next) => {
  const text = ctx.message.text;
  if (text.startsWith("/")) return next();
  const userId = userKey(ctx);
  const { forms } = ctx.deps.pledges;
  const loaded = await forms.load(userId);
  if (loaded.kind === "expired") {
    await forms.clear(userId);
    await ctx.reply(EXPIRED);
  } else if (loaded.kind === "active") {
    await applyAnswer(ctx, loaded.form, text);
  } else {
    await next();
  }
});

privateChat.on("message", async (ctx, next) => {
  if (ctx.message.text !== undefined) return next();
  const loaded = await ctx.deps.pledges.forms.load(userKey(ctx));
  if (loaded.kind !== "active") return next();
  await ask(ctx, loaded.form, "Mohon jawab dengan mengetik teks (atau tekan tombol yang tersedia).");
});

pledgeFeature.callbackQuery(/^ikr:st:(PNS|PPPK)$/, (ctx) => chosen(ctx, "status", ctx.match[1]));

pledgeFeature.callbackQuery(/^ikr:ag:([0-9a-f]{10})$/, async (ctx) => chosen(ctx, "agency", (await ctx.deps.pledges.agencyById(ctx.match[1] as string))?.label));

pledgeFeature.callbackQuery(/^ikr:pv:([a-z0-9-]+)$/, (ctx) => chosen(ctx, "province", provinceBySlug(ctx.deps.knowledge.provinces, ctx.match[1] as string)?.name));

pledgeFeature.callbackQuery(/^ikr:rg:([a-z0-9-]+)$/, (ctx) => chosen(ctx, "regency", ctx.deps.knowledge.regions.find((r) => r.id === ctx.match[1])?.name));

pledgeFeature.callbackQuery(/^ikr:pp:(\d{1,2})$/, async (ctx) => {
  const page = Number(ctx.match[1]);
  if (page >= provincePages(ctx.deps.knowledge.provinces)) {
    await ctx.answerCallbackQuery({ text: STALE_BUTTON });
    return;
  }
  if (await formAt(ctx, "province")) await ctx.editMessageReplyMarkup({ reply_markup: await pledgeProvinceKeyboard(ctx, page) });
});

pledgeFeature.callbackQuery("ikr:ok", async (ctx) => {
  const form = await formAt(ctx, "confirm");
  if (!form) return;
  if (isComplete(form)) {
    await confirmPledge(ctx, form);
    return;
  }
  await ctx.deps.pledges.forms.clear(userKey(ctx));
  await ctx.reply("Maaf, isian ikrar Anda tidak lengkap dan tidak dapat dicatat. Ketik /ikrar untuk mengisi ulang.");
});

pledgeFeature.callbackQuery("ikr:no", async (ctx) => {
  await ctx.answerCallbackQuery();
  if (!(await cancelForm(ctx))) await ctx.reply("Tidak ada isian ikrar yang sedang berjalan.");
});

pledgeFeature.callbackQuery(/^ikr:del:(IKR-[A-Z0-9]{4}-[A-Z0-9]{4}(?:-[A-Z0-9]{4})?)$/, async (ctx) => {
  const userId = userKey(ctx);
  const pledge = await ctx.deps.pledges.byUser(userId);
  if (!pledge || pledge.receipt !== ctx.match[1]) {
    await ctx.answerCallbackQuery({ text: "Data ikrar ini sudah tidak ada." });
    return;
  }
  await ctx.deps.pledges.remove(userId);
  await ctx.answerCallbackQuery({ text: "Data ikrar dihapus." });
  await ctx.reply(`🗑 Data ikrar Anda telah dihapus dan tanda terima <code>${pledge.receipt}</code> tidak berlaku lagi. Anda dapat berikrar kembali kapan saja dengan /ikrar.`, HTML);
});

pledgeFeature.callbackQuery("ikr:keep", (ctx) => ctx.answerCallbackQuery({ text: "Baik, data ikrar Anda tetap tersimpan." }));
