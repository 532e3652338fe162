import path from "node:path";
import { fileURLToPath } from "node:url";
import { runner } from "node-pg-migrate";
import pg from "pg";
import type { PledgeTable } from "../core/pledge/table.ts";
import { PostgresInbound } from "./postgres-inbound.ts";
import { postgresPace } from "./postgres-pace.ts";
import { PostgresPledgeTable } from "./postgres-pledges.ts";
import { transaction } from "./postgres-transaction.ts";
import type { Change, ExpiringRecords, Pace, PaceWindow, Records, SharedStore, UpdateOptions, Updated } from "./shared-store.ts";
import { StorageError } from "./store.ts";

/** The versioned migrations, kept in the repository and run at every start-up. */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");

type ValueRow<T> = { value: T };

export type PostgresOptions = {
  /** Schema holding the tables (tests use one per file); `public` by default. */
  schema?: string;
  /** The clock expiries and windows are measured with (injected in tests). */
  now?: () => number;
  /** Pool size per instance. */
  max?: number;
};

/** Generic records: one row per (collection, key) in `records`. */
class PostgresRecords<T> implements Records<T> {
  constructor(
    private readonly pool: pg.Pool,
    private readonly name: string,
  ) {}

  async get(key: string): Promise<T | undefined> {
    const { rows } = await this.pool.query<ValueRow<T>>("SELECT value FROM records WHERE collection = $1 AND key = $2", [this.name, key]);
    return rows[0]?.value;
  }

  async set(key: string, value: T): Promise<void> {
    await this.pool.query("INSERT INTO records (collection, key, value) VALUES ($1, $2, $3) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value", [this.name, key, JSON.stringify(value)]);
  }

  async insert(key: string, value: T): Promise<boolean> {
    const result = await this.pool.query("INSERT INTO records (collection, key, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [this.name, key, JSON.stringify(value)]);
    return result.rowCount === 1;
  }

  /**
   * `SELECT … FOR UPDATE` then write, in one transaction. An absent row cannot be locked, so a
   * first write is an insert that loses to a concurrent one; the loser starts over on the row
   * the winner wrote. With `skipLocked`, a row another instance holds is skipped (`changed: false`).
   */
  async update(key: string, change: Change<T>, options: UpdateOptions = {}): Promise<Updated<T>> {
    for (;;) {
      const outcome = await transaction(this.pool, async (client): Promise<Updated<T> | "retry"> => {
        const lock = options.skipLocked ? "FOR UPDATE SKIP LOCKED" : "FOR UPDATE";
        const { rows } = await client.query<ValueRow<T>>(`SELECT value FROM records WHERE collection = $1 AND key = $2 ${lock}`, [this.name, key]);
        if (rows.length === 0 && options.skipLocked) {
          const held = await client.query<ValueRow<T>>("SELECT value FROM records WHERE collection = $1 AND key = $2", [this.name, key]);
          if (held.rows[0]) return { value: held.rows[0].value, changed: false };
        }
        const current = rows[0]?.value;
        const next = change(current);
        if (next === undefined) return { value: current, changed: false };
        if (rows.length > 0) {
          await client.query("UPDATE records SET value = $3 WHERE collection = $1 AND key = $2", [this.name, key, JSON.stringify(next)]);
          return { value: next, changed: true };
        }
        const inserted = await client.query("INSERT INTO records (collection, key, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [this.name, key, JSON.stringify(next)]);
        return inserted.rowCount === 1 ? { value: next, changed: true } : "retry";
      });
      if (outcome !== "retry") return outcome;
    }
  }

  async delete(key: string): Promise<boolean> {
    const result = await this.pool.query("DELETE FROM records WHERE collection = $1 AND key = $2", [this.name, key]);
    return result.rowCount === 1;
  }

  async list(prefix = ""): Promise<[string, T][]> {
    const { rows } = await this.pool.query<ValueRow<T> & { key: string }>(
      "SELECT key, value FROM records WHERE collection = $1 AND starts_with(key, $2) ORDER BY key COLLATE \"C\"",
      [this.name, prefix],
    );
    return rows.map((r) => [r.key, r.value]);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT count(*) AS n FROM records WHERE collection = $1", [this.name]);
    return Number(rows[0]?.n ?? 0);
  }
}

/** Rows with an expiry; a row past it is invisible at once and deleted by the next sweep. */
class PostgresExpiring<T> implements ExpiringRecords<T> {
  constructor(
    private readonly pool: pg.Pool,
    private readonly name: string,
    private readonly now: () => number,
  ) {}

  async get(key: string): Promise<T | undefined> {
    const { rows } = await this.pool.query<ValueRow<T>>("SELECT value FROM expiring WHERE collection = $1 AND key = $2 AND expires_at > $3", [this.name, key, new Date(this.now())]);
    return rows[0]?.value;
  }

  async set(key: string, value: T, ttlMs: number): Promise<void> {
    await this.pool.query(
      "INSERT INTO expiring (collection, key, value, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
      [this.name, key, JSON.stringify(value), new Date(this.now() + ttlMs)],
    );
  }

  async delete(key: string): Promise<boolean> {
    const result = await this.pool.query("DELETE FROM expiring WHERE collection = $1 AND key = $2", [this.name, key]);
    return result.rowCount === 1;
  }
}

/**
 * The shared store of several bot instances. Migrations run at open under node-pg-migrate's
 * advisory lock (a second instance starting at the same time waits, then finds nothing to do).
 */
export class PostgresStore implements SharedStore {
  readonly kind = "postgres";
  readonly pledges: PledgeTable;
  readonly inbound: PostgresInbound;

  private constructor(
    readonly pool: pg.Pool,
    private readonly now: () => number,
  ) {
    this.pledges = new PostgresPledgeTable(pool);
    this.inbound = new PostgresInbound(pool, now);
  }

  /** Connects, migrates and returns the store; throws `StorageError` with an operator-readable message. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const schema = options.schema ?? "public";
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, options: `-c search_path=${schema}` });
    // An idle connection dropped by the server must not crash the bot; the next query reconnects.
    pool.on("error", () => undefined);
    try {
      await migrate(url, schema);
      await pool.query("SELECT 1 FROM records LIMIT 1");
    } catch (error) {
      await pool.end();
      throw new StorageError(`PostgreSQL (DATABASE_URL) tidak dapat dipakai: ${(error as Error).message}`);
    }
    return new PostgresStore(pool, options.now ?? Date.now);
  }

  records<T>(name: string): Records<T> {
    return new PostgresRecords<T>(this.pool, name);
  }

  async collections(): Promise<string[]> {
    const { rows } = await this.pool.query<{ collection: string }>("SELECT DISTINCT collection FROM records ORDER BY collection");
    return rows.map((r) => r.collection);
  }

  expiring<T>(name: string): ExpiringRecords<T> {
    return new PostgresExpiring<T>(this.pool, name, this.now);
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const now = this.now();
    const { rows } = await this.pool.query<{ count: number }>(
      `INSERT INTO counters (key, count, expires_at) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN counters.expires_at > $3 THEN counters.count + 1 ELSE 1 END,
         expires_at = CASE WHEN counters.expires_at > $3 THEN counters.expires_at ELSE excluded.expires_at END
       RETURNING count`,
      [key, new Date(now + windowMs), new Date(now)],
    );
    return rows[0]?.count ?? 1;
  }

  async hits(key: string): Promise<{ count: number; until: number }> {
    const now = this.now();
    const { rows } = await this.pool.query<{ count: number; expires_at: Date }>("SELECT count, expires_at FROM counters WHERE key = $1 AND expires_at > $2", [key, new Date(now)]);
    const row = rows[0];
    return row ? { count: row.count, until: row.expires_at.getTime() } : { count: 0, until: now };
  }

  async lease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const { rows } = await this.pool.query<{ holder: string }>(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= $4
       RETURNING holder`,
      [name, holder, new Date(now + ttlMs), new Date(now)],
    );
    return rows[0]?.holder === holder;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.pool.query("DELETE FROM leases WHERE name = $1 AND holder = $2", [name, holder]);
  }

  pace(name: string, window: PaceWindow): Pace {
    return postgresPace(this.pool, name, window);
  }

  async sweep(): Promise<void> {
    const now = new Date(this.now());
    await this.pool.query("DELETE FROM expiring WHERE expires_at <= $1", [now]);
    await this.pool.query("DELETE FROM counters WHERE expires_at <= $1", [now]);
    await this.pool.query("DELETE FROM leases WHERE expires_at <= $1", [now]);
    await this.inbound.sweep();
  }

  /** Every write is committed before its promise resolves; nothing to wait for. */
  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Any number: the session lock every instance takes before migrating (schema creation included). */
const MIGRATION_LOCK = 1_409_141_414;

/**
 * Applies the pending migrations. Instances starting together take turns on one advisory lock
 * held for the whole step, schema creation included (two concurrent `CREATE SCHEMA IF NOT EXISTS`
 * can collide); the later ones find nothing left to do.
 */
export async function migrate(url: string, schema = "public"): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    await runner({ dbClient: client, dir: MIGRATIONS_DIR, direction: "up", migrationsTable: "pgmigrations", schema, noLock: true, log: () => undefined });
  } finally {
    await client.end();
  }
}
