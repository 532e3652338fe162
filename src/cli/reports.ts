/**
 * `npm run reports -- keygen [--out FILE]` creates the key pair for sealed reports: the public key
 * goes in `REPORT_PUBLIC_KEY`, the secret key file stays offline (never on the bot's server).
 * `npm run --silent reports -- open --key FILE [--format csv|json] [--data-dir DIR]` reads the
 * reports from the data directory, or from PostgreSQL when `DATABASE_URL` is set, and writes
 * them, opened, to stdout.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import dotenv from "dotenv";
import { openReports, OpenError, reportsToCsv } from "../core/reports/export.ts";
import type { StoredReport } from "../core/reports/model.ts";
import { generateReportKeyPair, Opener, ReportKeyError } from "../core/reports/seal.ts";
import { PostgresStore } from "../storage/postgres-store.ts";

const USAGE = `Pemakaian:
  npm run reports -- keygen [--out report-secret.key]
  npm run --silent reports -- open --key report-secret.key [--format csv|json] [--data-dir ./data] > laporan.csv
  (dengan DATABASE_URL di .env, laporan dibaca dari PostgreSQL, bukan dari --data-dir)`;

/** Where the CLI writes; injectable so tests can run it without a terminal. */
export type CliIo = { out: (text: string) => void; err: (text: string) => void; env: NodeJS.ProcessEnv };

/** A problem the operator can fix; printed without a stack trace. */
class UsageError extends Error {}

/** Writes a new key pair file (refusing to overwrite one) and prints the public key. */
function keygen(out: string, io: CliIo): void {
  const pair = generateReportKeyPair();
  try {
    fs.writeFileSync(out, `${JSON.stringify(pair, null, 2)}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${out} sudah ada; tidak ditimpa. Pakai --out berkas-lain.`);
    throw error;
  }
  io.out(`Kunci rahasia ditulis ke ${out} — simpan di luar server bot (mis. flashdisk terenkripsi).\nTambahkan ke .env bot:\n\nREPORT_PUBLIC_KEY=${pair.publicKey}\n`);
}

/** Reads the secret key from a key file: the JSON written by `keygen`, or a bare base64 line. */
function readSecretKey(file: string): Opener {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch {
    throw new UsageError(`berkas kunci ${file} tidak dapat dibaca`);
  }
  let secret = text;
  if (text.startsWith("{")) {
    let parsed: { secretKey?: unknown };
    try {
      parsed = JSON.parse(text) as { secretKey?: unknown };
    } catch {
      throw new UsageError(`${file} bukan berkas kunci yang valid`);
    }
    if (typeof parsed.secretKey !== "string") throw new UsageError(`${file} tidak memuat secretKey`);
    secret = parsed.secretKey;
  }
  return new Opener(secret);
}

/**
 * The stored reports, read straight from `db.json` without taking the data directory's lock: the
 * bot may keep running, and lowdb replaces the file atomically, so a read sees a whole version.
 */
function readLowdbReports(dataDir: string): StoredReport[] {
  const file = path.join(dataDir, "db.json");
  if (!fs.existsSync(file)) throw new UsageError(`${file} tidak ada; periksa --data-dir`);
  const data = JSON.parse(fs.readFileSync(file, "utf8")) as { reports?: Record<string, StoredReport> };
  return Object.values(data.reports ?? {});
}

/** The reports the bot instances keep in PostgreSQL, read through the same store they use. */
async function readPostgresReports(url: string, schema: string | undefined): Promise<StoredReport[]> {
  const store = await PostgresStore.open(url, { schema: schema || undefined, max: 1 });
  try {
    return (await store.records<StoredReport>("reports").list()).map(([, report]) => report);
  } finally {
    await store.close();
  }
}

async function readStoredReports(dataDir: string, env: NodeJS.ProcessEnv): Promise<StoredReport[]> {
  const reports = env.DATABASE_URL ? await readPostgresReports(env.DATABASE_URL, env.DATABASE_SCHEMA) : readLowdbReports(dataDir);
  return reports.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function open(values: { key?: string; format?: string; "data-dir"?: string }, io: CliIo): Promise<void> {
  const format = values.format ?? "csv";
  if (format !== "csv" && format !== "json") throw new UsageError("--format harus csv atau json");
  const opener = values.key ? readSecretKey(values.key) : undefined;
  if (opener && io.env.REPORT_PUBLIC_KEY && io.env.REPORT_PUBLIC_KEY.trim() !== opener.publicKey) {
    io.err("Peringatan: kunci ini bukan pasangan REPORT_PUBLIC_KEY yang sekarang; laporan lama mungkin tetap terbuka.");
  }
  const reports = openReports(await readStoredReports(values["data-dir"] ?? io.env.DATA_DIR ?? "./data", io.env), opener);
  io.out(format === "json" ? `${JSON.stringify(reports, null, 2)}\n` : reportsToCsv(reports));
  io.err(`${reports.length} laporan diekspor.`);
}

/** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function runReportsCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: "string" }, key: { type: "string" }, format: { type: "string" }, "data-dir": { type: "string" } },
    });
    const [command] = positionals;
    if (command === "keygen") keygen(values.out ?? "report-secret.key", io);
    else if (command === "open") await open(values, io);
    else throw new UsageError(USAGE);
    return 0;
  } catch (error) {
    const badUsage = error instanceof UsageError || String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS");
    if (!badUsage && !(error instanceof ReportKeyError) && !(error instanceof OpenError)) throw error;
    io.err((error as Error).message);
    return badUsage ? 2 : 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  dotenv.config({ quiet: true });
  process.exitCode = await runReportsCli(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => console.error(t), env: process.env });
}
