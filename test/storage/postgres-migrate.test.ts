import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, PostgresStore } from "../../src/storage/postgres-store.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from "../support/postgres.ts";

describe.skipIf(!TEST_DATABASE_URL)("PostgreSQL migrations at start-up", () => {
  const schema = uniqueSchema("migrate");
  afterAll(() => dropSchema(schema));

  it("are safe when several instances start at once on a new schema, and run once", async () => {
    const stores = await Promise.all([0, 1, 2].map(() => PostgresStore.open(TEST_DATABASE_URL!, { schema, max: 1 })));
    const { rows } = await stores[0]!.pool.query<{ name: string }>("SELECT name FROM pgmigrations");
    const versioned = fs.readdirSync(MIGRATIONS_DIR).map((file) => file.replace(/\.sql$/, "")).sort();
    expect(versioned[0]).toBe("1764400000000_initial");
    expect(rows.map((r) => r.name)).toEqual(versioned);
    await stores[1]!.records("chats").set("1", { ok: true });
    expect(await stores[2]!.records("chats").get("1")).toEqual({ ok: true });
    for (const store of stores) await store.close();
  });
});
