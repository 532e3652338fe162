import { setImmediate as yieldToLoop } from "node:timers/promises";
import { stringify } from "csv-stringify/sync";
import { maskNip } from "./nip.ts";
import { regionLabel, type Pledge } from "./service.ts";
import { formatSheetDateTime, wibDay } from "./time.ts";

/** Header row of the export, in the order the issue asks (name … receipt). */
const EXPORT_COLUMNS = [
  { key: "name", header: "Nama" },
  { key: "agency", header: "Instansi" },
  { key: "unit", header: "Unit kerja" },
  { key: "region", header: "Daerah" },
  { key: "nip", header: "NIP/NI PPPK (disamarkan)" },
  { key: "date", header: "Tanggal ikrar (WIB)" },
  { key: "receipt", header: "Kode tanda terima" },
];

/**
 * Cells starting with = + - @ tab or CR are formulas to a spreadsheet (`=HYPERLINK(...)` can send
 * other rows away when clicked); csv-stringify prefixes them with a quote so they stay text.
 */
const SAFE = { escape_formulas: true } as const;

/** Rows per synchronous chunk: small enough that other users' updates are never held up long. */
const CHUNK = 2000;

function row(pledge: Pledge): Record<string, string> {
  return {
    name: pledge.name,
    agency: pledge.agency,
    unit: pledge.unit,
    region: regionLabel(pledge),
    nip: maskNip(pledge.nipLast4),
    date: formatSheetDateTime(new Date(pledge.pledgedAt)),
    receipt: pledge.receipt,
  };
}

/**
 * The pledges as CSV for the agency's spreadsheet: UTF-8 with a BOM (without it Excel reads
 * "Ñ" and "•" as mojibake), masked NIPs only. Built in chunks that yield to the event loop, so
 * exporting 100,000 rows does not stall the bot for everyone else.
 */
export async function pledgesCsv(pledges: Pledge[]): Promise<Buffer> {
  const parts: string[] = [stringify([], { bom: true, header: true, columns: EXPORT_COLUMNS, ...SAFE })];
  for (let start = 0; start < pledges.length; start += CHUNK) {
    parts.push(stringify(pledges.slice(start, start + CHUNK).map(row), { columns: EXPORT_COLUMNS, ...SAFE }));
    await yieldToLoop();
  }
  return Buffer.from(parts.join(""), "utf8");
}

/** "ikrar-2026-11-22.csv", or "ikrar-dinas-pendidikan-2026-11-22.csv" for a filtered export. */
export function exportFileName(now: Date, filter?: string): string {
  const slug = (filter ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
  return `ikrar-${slug ? `${slug}-` : ""}${wibDay(now)}.csv`;
}
