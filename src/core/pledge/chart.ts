import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { PledgeStatistics } from "./service.ts";
import { formatShortDay } from "./time.ts";

/** Axis label width in pixels (Vega estimates text width without a canvas, generously); longer names are cut. */
const LABEL_LIMIT = 400;
const FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

/** The two pictures admins asked for (pledges per day, per agency) as one Vega-Lite spec. */
function statisticsChartSpec(stats: PledgeStatistics): TopLevelSpec {
  const days = stats.days.map((d) => ({ hari: formatShortDay(d.day), ikrar: d.count }));
  const agencies = stats.agencies.top.map((g) => ({ instansi: g.label, ikrar: g.count }));
  if (stats.agencies.others.count > 0) agencies.push({ instansi: `Lainnya (${stats.agencies.others.groups} instansi)`, ikrar: stats.agencies.others.count });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: { font: FONT, view: { stroke: null }, axis: { labelFontSize: 12, titleFontSize: 12 }, title: { fontSize: 15 } },
    background: "white",
    padding: 16,
    vconcat: [
      {
        title: "Ikrar per hari (7 hari terakhir, WIB)",
        width: 520,
        height: 200,
        data: { values: days },
        mark: { type: "bar", color: "#1f6feb", tooltip: false },
        encoding: {
          x: { field: "hari", type: "ordinal", sort: null, title: null, axis: { labelAngle: 0 } },
          y: { field: "ikrar", type: "quantitative", title: "Jumlah", axis: { tickMinStep: 1, format: "d" } },
        },
      },
      {
        title: "Ikrar per instansi",
        width: 520,
        data: { values: agencies },
        mark: { type: "bar", color: "#2da44e", tooltip: false },
        encoding: {
          y: { field: "instansi", type: "nominal", sort: null, title: null, axis: { labelLimit: LABEL_LIMIT } },
          x: { field: "ikrar", type: "quantitative", title: "Jumlah", axis: { tickMinStep: 1, format: "d" } },
        },
      },
    ],
  };
}

/**
 * Renders the statistics chart to PNG: Vega-Lite → Vega view → SVG → resvg. resvg is a
 * self-contained binary (no Cairo or system canvas), so this works on a bare server; fonts are the
 * system's, and text is simply missing where none is installed.
 */
export async function renderStatisticsChart(stats: PledgeStatistics): Promise<Buffer> {
  const view = new vega.View(vega.parse(compile(statisticsChartSpec(stats)).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    return new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render().asPng();
  } finally {
    view.finalize();
  }
}
