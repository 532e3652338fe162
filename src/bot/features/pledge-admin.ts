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
  const stats = await ctx.deps.pledges.statistics(TOP);
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
  const pledges = await ctx.deps.pledges.select(filter || undefined);
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
