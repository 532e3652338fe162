import { Composer, InputFile } from "grammy";
import { renderStatisticsChart } from "../../core/pledge/chart.ts";
import { exportFileName, pledgesCsv } from "../../core/pledge/export.ts";
import type { PledgeStatistics } from "../../core/pledge/service.ts";
import type { Ranked } from "../../core/pledge/tally.ts";
import { formatDateTime, formatShortDay } from "../../core/pledge/time.ts";
import type { BotContext } from "../context.ts";
import { describeError } from "../errors.ts";
import { clip, escapeHtml } from "../format/html.ts";
import { isAdmin, refuseNonAdmin } from "../guards.ts";

const HTML = { parse_mode: "HTML" } as const;
/** Agencies and regions listed by name; the rest is summed as "Lainnya" to stay within one message. */
const TOP = 10;
const LABEL = 70;
const FILTER_MAX = 100;

const number = new Intl.NumberFormat("id-ID");

function rankedLines(ranked: Ranked, noun: string): string[] {
  const lines = ranked.top.map((g, i) => `${i + 1}. ${escapeHtml(clip(g.label, LABEL))} — ${number.format(g.count)}`);
  if (ranked.others.count > 0) lines.push(`Lainnya (${number.format(ranked.others.groups)} ${noun}) — ${number.format(ranked.others.count)}`);
  return lines.length ? lines : ["—"];
}

/** The statistics as text: always sent, the chart only adds to it. */
function statisticsText(stats: PledgeStatistics, now: Date): string {
  return [
    "📊 <b>Statistik ikrar netralitas ASN</b>",
    `Per ${formatDateTime(now)}; hari dihitung menurut WIB.`,
    "",
    `Total ikrar: <b>${number.format(stats.total)}</b>`,
    `Hari ini: <b>${number.format(stats.today.count)}</b>`,
    "",
    "<b>7 hari terakhir</b>",
    ...stats.days.map((d) => `${formatShortDay(d.day)}: ${number.format(d.count)}`),
    "",
    "<b>Per instansi</b>",
    ...rankedLines(stats.agencies, "instansi"),
    "",
    "<b>Per daerah</b>",
    ...rankedLines(stats.regions, "daerah"),
  ].join("\n");
}

/** The chart is a bonus: if rendering fails the admin still has the numbers, and we have the log. */
async function sendChart(ctx: BotContext, stats: PledgeStatistics): Promise<void> {
  let png: Buffer;
  try {
    png = await renderStatisticsChart(stats);
  } catch (error) {
    ctx.deps.logger.error(describeError(error), "pledge statistics chart failed");
    return;
  }
  await ctx.replyWithPhoto(new InputFile(png, "statistik-ikrar.png"), { caption: "Grafik ikrar per hari dan per instansi." });
}

async function statistics(ctx: BotContext): Promise<void> {
  const stats = ctx.deps.pledges.statistics(TOP);
  await ctx.reply(statisticsText(stats, ctx.deps.now()), HTML);
  if (stats.total > 0) await sendChart(ctx, stats);
}

/** `/ekspor [instansi]`: the pledges as CSV, optionally for agencies whose name contains the filter. */
async function exportPledges(ctx: BotContext, filter: string): Promise<void> {
  if (ctx.chat?.type !== "private") {
    await ctx.reply("Demi perlindungan data pribadi, ekspor hanya dikirim di chat pribadi dengan bot. Kirim /ekspor di sana.");
    return;
  }
  if ([...filter].length > FILTER_MAX) {
    await ctx.reply(`Nama instansi untuk penyaring terlalu panjang (paling banyak ${FILTER_MAX} karakter).`);
    return;
  }
  const pledges = ctx.deps.pledges.select(filter || undefined);
  if (pledges.length === 0) {
    await ctx.reply(filter ? `Tidak ada ikrar dari instansi yang namanya memuat “${escapeHtml(filter)}”.` : "Belum ada ikrar yang tercatat.", HTML);
    return;
  }
  const csv = await pledgesCsv(pledges);
  const scope = filter ? ` dari instansi yang memuat “${escapeHtml(filter)}”` : "";
  await ctx.replyWithDocument(new InputFile(csv, exportFileName(ctx.deps.now(), filter)), {
    caption: `${number.format(pledges.length)} ikrar${scope}. Berisi data pribadi: simpan dan bagikan hanya untuk keperluan dinas (UU 27/2022).`,
    ...HTML,
  });
  ctx.deps.logger.info({ rows: pledges.length, filtered: filter !== "" }, "pledge export sent");
}

/** Admin views of the pledges: `/statistik` (counts and a chart) and `/ekspor` (CSV). */
export const pledgeAdminFeature = new Composer<BotContext>();

pledgeAdminFeature.command("statistik", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  await statistics(ctx);
});

pledgeAdminFeature.command("ekspor", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  await exportPledges(ctx, ctx.match.replace(/\s+/g, " ").trim());
});

/** A reason long enough to mean something to the person whose pledge is voided. */
const MIN_REASON = 5;

/**
 * `/batalkanikrar <kode tanda terima atau NIP> <alasan>`: voids a pledge, e.g. one made with
 * someone else's NIP. The owner is told why; the log records only that a pledge was voided (no
 * name, NIP, code or reason, which may all be personal data).
 */
async function voidPledge(ctx: BotContext, args: string): Promise<void> {
  const [target = "", ...rest] = args.trim().split(/\s+/);
  const reason = rest.join(" ").trim();
  if (!target || [...reason].length < MIN_REASON) {
    await ctx.reply("Cara pakai: <code>/batalkanikrar &lt;kode tanda terima atau NIP tanpa spasi&gt; &lt;alasan&gt;</code>\nmis. <code>/batalkanikrar IKR-7K3M-9Q2X-4HWD NIP dipakai oleh orang lain</code>", HTML);
    return;
  }
  const pledge = ctx.deps.pledges.void(target);
  if (!pledge) {
    await ctx.reply("Tidak ada ikrar dengan kode tanda terima atau NIP itu.");
    return;
  }
  ctx.deps.logger.info("pledge voided by an admin");
  await ctx.reply(`Ikrar dengan tanda terima <code>${pledge.receipt}</code> dibatalkan dan dihapus. NIP tersebut dapat dipakai untuk berikrar lagi.`, HTML);
  const notice = `Ikrar netralitas Anda (tanda terima <code>${pledge.receipt}</code>) dibatalkan oleh admin dan datanya dihapus.\nAlasan: ${escapeHtml(clip(reason, 500))}\nBila ada pertanyaan, hubungi BKPSDM atau Inspektorat instansi Anda.`;
  await ctx.api.sendMessage(Number(pledge.userId), notice, HTML).catch((error: unknown) => ctx.deps.logger.info(describeError(error), "voided pledge's owner not told"));
}

pledgeAdminFeature.command("batalkanikrar", async (ctx) => {
  if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
  await voidPledge(ctx, ctx.match);
});
