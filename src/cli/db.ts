/**
 * `npm run db -- import --from DATA_DIR` copies a lowdb data directory into PostgreSQL
 * (`DATABASE_URL`, `DATABASE_SCHEMA`); `npm run db -- export [--to DIR]` copies PostgreSQL back
 * into a lowdb data directory (a backup in the embedded format, readable by `npm run reports`).
 * Both are idempotent: what the target already has is kept, and the counts say what happened.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import dotenv from "dotenv";
import { loadConfig } from "../config.ts";
import { SECRET_FILE } from "../core/pledge/secret.ts";
import { copyStore, type CopyCounts } from "../storage/copy.ts";
import { LowdbSharedStore } from "../storage/lowdb-shared.ts";
import { PostgresStore } from "../storage/postgres-store.ts";
import { StorageError } from "../storage/store.ts";

const USAGE = `Pemakaian (DATABASE_URL diisi di .env atau lingkungan):
  npm run db -- import --from ./data
  npm run db -- export [--to ./data-ekspor]`;

/** Where the CLI writes; injectable so tests can run it in-process. */
export type DbIo = { out: (text: string) => void; err: (text: string) => void; env: NodeJS.ProcessEnv };

/** A problem the operator can fix; printed as one line, exit 2. */
class UsageError extends Error {}

function countsText(counts: CopyCounts): string {
  return Object.entries(counts)
    .map(([name, c]) => `  ${name.padEnd(24)} ${String(c.copied).padStart(8)} disalin, ${String(c.kept).padStart(8)} sudah ada`)
    .join("\n");
}

/**
 * The NIP key must be the one the pledges were hashed with, or duplicates go undetected after
 * the move: a key generated into DATA_DIR has to become PLEDGE_SECRET of every instance.
 */
function checkPledgeSecret(dataDir: string, configured: string | undefined): void {
  const file = path.join(dataDir, SECRET_FILE);
  if (!fs.existsSync(file)) return;
  const stored = fs.readFileSync(file, "utf8").trim();
  if (configured !== stored) throw new UsageError(`PLEDGE_SECRET harus sama dengan isi ${file} (kunci NIP ikrar yang sudah ada); isi PLEDGE_SECRET dengan nilai itu di semua instans, lalu ulangi.`);
}

export async function runDbCli(argv: string[], io: DbIo): Promise<number> {
  try {
    const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { from: { type: "string" }, to: { type: "string" } } });
    const command = positionals[0];
    if (command !== "import" && command !== "export") throw new UsageError(USAGE);
    const result = loadConfig(io.env);
    if (!result.ok) throw new UsageError(result.problems.join("\n"));
    const { databaseUrl, databaseSchema, pledgeSecret } = result.config;
    if (!databaseUrl) throw new UsageError("DATABASE_URL belum diisi (mis. postgres://asn:rahasia@db:5432/asn_netral).");
    const dataDir = command === "import" ? values.from : (values.to ?? `./data-ekspor-${new Date().toISOString().slice(0, 10)}`);
    if (!dataDir) throw new UsageError(USAGE);
    if (command === "import") {
      if (!fs.existsSync(path.join(dataDir, "db.json")) && !fs.existsSync(path.join(dataDir, "pledges.jsonl"))) throw new UsageError(`${dataDir} bukan folder data ASN Netral (tidak ada db.json atau pledges.jsonl).`);
      checkPledgeSecret(dataDir, pledgeSecret);
    }
    const lowdb = await LowdbSharedStore.open(dataDir);
    try {
      const postgres = await PostgresStore.open(databaseUrl, { schema: databaseSchema });
      try {
        const counts = command === "import" ? await copyStore(lowdb, postgres) : await copyStore(postgres, lowdb);
        if (command === "export" && pledgeSecret) fs.writeFileSync(path.join(dataDir, SECRET_FILE), `${pledgeSecret}\n`, { mode: 0o600 });
        io.out(`${command === "import" ? `Impor ${dataDir} → PostgreSQL (skema ${databaseSchema})` : `Ekspor PostgreSQL (skema ${databaseSchema}) → ${dataDir}`}:\n${countsText(counts)}\n`);
      } finally {
        await postgres.close();
      }
    } finally {
      await lowdb.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof StorageError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  dotenv.config({ quiet: true });
  process.umask(0o077);
  process.exitCode = await runDbCli(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env });
}
