import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LowdbSharedStore } from "../../src/storage/lowdb-shared.ts";
import { PostgresStore } from "../../src/storage/postgres-store.ts";
import type { SharedStore } from "../../src/storage/shared-store.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from "./postgres.ts";

/**
 * A place to keep data that can be opened again (a data directory, a schema), so service tests
 * run the same promises against both stores, including "still true after a restart".
 */
export type StoreKind = {
  name: "lowdb" | "PostgreSQL";
  /** True when this kind cannot run here (no TEST_DATABASE_URL). */
  skip: boolean;
  /** A fresh, empty place; `open` opens it (again). */
  place(): { open: (now?: () => number) => Promise<SharedStore> };
  /** Removes every place made (afterAll). */
  cleanUp(): Promise<void>;
};

function lowdbKind(): StoreKind {
  const dirs: string[] = [];
  return {
    name: "lowdb",
    skip: false,
    place() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "store-"));
      dirs.push(dir);
      return { open: (now) => LowdbSharedStore.open(dir, now) };
    },
    async cleanUp() {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresKind(): StoreKind {
  const schemas: string[] = [];
  return {
    name: "PostgreSQL",
    skip: !TEST_DATABASE_URL,
    place() {
      const schema = uniqueSchema();
      schemas.push(schema);
      return { open: (now) => PostgresStore.open(TEST_DATABASE_URL!, { schema, now, max: 4 }) };
    },
    async cleanUp() {
      for (const schema of schemas.splice(0)) await dropSchema(schema);
    },
  };
}

/** Both stores: describe.each over this runs a suite against lowdb and (when available) PostgreSQL. */
export function storeKinds(): StoreKind[] {
  return [lowdbKind(), postgresKind()];
}
