import { stringify } from "csv-stringify/sync";
import { categoryLabel, isSealed, STATUSES, type Evidence, type ReportContent, type StoredReport, type ThreadText } from "./model.ts";
import type { Opener } from "./seal.ts";

/** A report fully readable, as the offline export writes it. */
export type OpenedReport = {
  id: string;
  category: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  content: ReportContent;
  thread: { from: string; at: string; text: string; evidence: Evidence[] }[];
};

/** Raised when a sealed report cannot be opened with the given key; names the report, never its content. */
export class OpenError extends Error {
  override name = "OpenError";
}

function unseal<T extends object>(value: T | { sealed: string }, opener: Opener | undefined, reportId: string): T {
  if (!isSealed(value)) return value;
  if (!opener) throw new OpenError(`laporan ${reportId} terenkripsi; berikan --key`);
  try {
    return opener.open<T>(value.sealed);
  } catch {
    throw new OpenError(`laporan ${reportId} tidak dapat dibuka dengan kunci ini (kunci lain atau data rusak)`);
  }
}

/**
 * Opens stored reports offline with the secret key. Reports stored before a key was configured
 * are plain and pass through unchanged, so one export covers them all.
 */
export function openReports(reports: StoredReport[], opener?: Opener): OpenedReport[] {
  return reports.map((r) => ({
    id: r.id,
    category: categoryLabel(r.category),
    status: STATUSES[r.status] ?? r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    content: unseal<ReportContent>(r.content, opener, r.id),
    thread: r.thread.map((m) => {
      const { text, evidence = [] } = unseal<ThreadText>("sealed" in m ? { sealed: m.sealed } : { text: m.text, evidence: m.evidence }, opener, r.id);
      return { from: m.from, at: m.at, text, evidence };
    }),
  }));
}

function evidenceLine(e: Evidence): string {
  return e.kind === "link" ? e.url : `${e.kind}:${e.fileId}${e.caption ? ` (${e.caption})` : ""}`;
}

/**
 * One row per report for spreadsheets; evidence and thread are multi-line cells. Every cell is the
 * reporter's text, so formula-like cells are prefixed with a quote (csv-stringify's `escape_formulas`).
 */
export function reportsToCsv(reports: OpenedReport[]): string {
  const rows = reports.map((r) => ({
    id: r.id,
    kategori: r.category,
    status: r.status,
    dibuat: r.createdAt,
    diperbarui: r.updatedAt,
    kejadian: r.content.what,
    terlapor: r.content.who ?? "",
    lokasi: r.content.where ?? "",
    waktu: r.content.when ?? "",
    bukti: r.content.evidence.map(evidenceLine).join("\n"),
    percakapan: r.thread.map((m) => `[${m.at}] ${m.from}: ${[m.text, ...m.evidence.map(evidenceLine)].filter(Boolean).join(" ")}`).join("\n"),
  }));
  return stringify(rows, { header: true, columns: ["id", "kategori", "status", "dibuat", "diperbarui", "kejadian", "terlapor", "lokasi", "waktu", "bukti", "percakapan"], escape_formulas: true });
}
