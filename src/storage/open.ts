import type { Config } from "../config.ts";
import { LowdbSharedStore } from "./lowdb-shared.ts";
import type { StoreOptions } from "./lowdb-store.ts";
import { PostgresStore } from "./postgres-store.ts";
import type { SharedStore } from "./shared-store.ts";

/** PostgreSQL when `DATABASE_URL` is set (several instances), else lowdb in `DATA_DIR` (the embedded default). */
export function openStore(config: Pick<Config, "databaseUrl" | "databaseSchema" | "dataDir">, now: () => Date, lowdb?: StoreOptions): Promise<SharedStore> {
  const clock = () => now().getTime();
  return config.databaseUrl ? PostgresStore.open(config.databaseUrl, { schema: config.databaseSchema, now: clock }) : LowdbSharedStore.open(config.dataDir, clock, lowdb);
}
