import { randomBytes } from "node:crypto";
import pg from "pg";

/** The PostgreSQL the PostgreSQL tests run against (`.ci/run` sets it); unset, they are skipped (see postgres-setup.ts). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** A fresh schema name, so parallel test files and other sessions never share tables. */
export function uniqueSchema(prefix = "t"): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** Drops a test schema with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  if (!TEST_DATABASE_URL) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
