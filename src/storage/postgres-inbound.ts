import type pg from "pg";
import { HANDLED_KEPT_MS, type InboundUpdate, type InboundUpdates } from "./shared-store.ts";

type Row = { update_id: string; key: string; sealed: string };

/** Claims that nobody holds: released ones carry the epoch, dead holders' ones have run out. */
const RELEASED = new Date(0);

/** `inbound_updates`: one row per acknowledged update, deleted when handled (see `InboundUpdates`). */
export class PostgresInbound implements InboundUpdates {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number,
  ) {}

  /** One statement: the insert and the look for an older update of the key (the snapshot before the insert). */
  async receive(update: InboundUpdate, holder: string, ttlMs: number): Promise<{ stored: boolean; behind: boolean }> {
    const { rows } = await this.pool.query<{ stored: boolean; behind: boolean }>(
      `WITH inserted AS (
         INSERT INTO inbound_updates (update_id, key, sealed, claimed_by, claimed_until) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING update_id)
       SELECT EXISTS (SELECT 1 FROM inserted) AS stored,
              EXISTS (SELECT 1 FROM inbound_updates WHERE key = $2 AND update_id < $1 AND handled_at IS NULL) AS behind`,
      [update.id, update.key, update.sealed, holder, new Date(this.now() + ttlMs)],
    );
    return rows[0]!;
  }

  async release(id: number): Promise<void> {
    await this.pool.query("UPDATE inbound_updates SET claimed_by = NULL, claimed_until = $2 WHERE update_id = $1 AND handled_at IS NULL", [id, RELEASED]);
  }

  /** The content and key are gone at once; the bare id stays until `sweep` (`HANDLED_KEPT_MS`). */
  async done(id: number): Promise<boolean> {
    const { rows } = await this.pool.query<{ waiting: boolean }>(
      `WITH handled AS (
         UPDATE inbound_updates n SET key = NULL, sealed = NULL, claimed_by = NULL, handled_at = $2
         FROM (SELECT update_id, key FROM inbound_updates WHERE update_id = $1 FOR UPDATE) old
         WHERE n.update_id = old.update_id RETURNING old.key)
       SELECT EXISTS (SELECT 1 FROM inbound_updates WHERE key = (SELECT key FROM handled) AND update_id <> $1 AND handled_at IS NULL) AS waiting`,
      [id, new Date(this.now())],
    );
    return rows[0]?.waiting ?? false;
  }

  async renew(holder: string, ids: number[], ttlMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query("UPDATE inbound_updates SET claimed_until = $3 WHERE update_id = ANY($2) AND claimed_by = $1", [holder, ids, new Date(this.now() + ttlMs)]);
  }

  /**
   * Keys whose every update is unclaimed, oldest first; their rows are locked with SKIP LOCKED,
   * so two instances recovering at once never take the same row (nor wait for each other).
   */
  async recover(holder: string, ttlMs: number, limit: number, key?: string): Promise<InboundUpdate[]> {
    const now = new Date(this.now());
    const { rows } = await this.pool.query<Row>(
      `WITH free_keys AS (
         SELECT key FROM inbound_updates WHERE handled_at IS NULL AND ($4::text IS NULL OR key = $4)
         GROUP BY key HAVING bool_and(claimed_until <= $3) ORDER BY min(update_id) LIMIT $5),
       taken AS (
         SELECT update_id FROM inbound_updates WHERE key IN (SELECT key FROM free_keys) AND claimed_until <= $3 AND handled_at IS NULL
         FOR UPDATE SKIP LOCKED)
       UPDATE inbound_updates u SET claimed_by = $1, claimed_until = $2 FROM taken WHERE u.update_id = taken.update_id
       RETURNING u.update_id, u.key, u.sealed`,
      [holder, new Date(now.getTime() + ttlMs), now, key ?? null, limit],
    );
    return rows.map((r) => ({ id: Number(r.update_id), key: r.key, sealed: r.sealed })).sort((a, b) => a.id - b.id);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT count(*) AS n FROM inbound_updates WHERE handled_at IS NULL");
    return Number(rows[0]?.n ?? 0);
  }

  /** Forgets the ids of updates handled longer than `HANDLED_KEPT_MS` ago. */
  async sweep(): Promise<void> {
    await this.pool.query("DELETE FROM inbound_updates WHERE handled_at <= $1", [new Date(this.now() - HANDLED_KEPT_MS)]);
  }
}
