/**
 * Vitest global setup: says once per run, not once per test file, that the PostgreSQL suites are
 * skipped, so `npm test` on a machine without PostgreSQL still passes and says why.
 */
export default function setup(): void {
  if (!process.env.TEST_DATABASE_URL) console.log("PostgreSQL tests skipped: TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test)");
}
