import type pg from "pg";
import { tallyLabel } from "../core/pledge/memory-table.ts";
import type { AddOutcome, Pledge, PledgeTable, TallyKind } from "../core/pledge/table.ts";
import { groupKey, shortId, type Ranked, type TallyGroup } from "../core/pledge/tally.ts";
import { dayFromNumber, wibDayNumber } from "../core/pledge/time.ts";
import { transaction } from "./postgres-transaction.ts";

/** The groups counted per pledge; "day" (WIB day number) makes the 7-day chart a read of 7 rows. */
type CountedKind = TallyKind | "day";
const KINDS: CountedKind[] = ["agency", "region", "province", "day"];
const PAGE = 1000;

type Row = { data: Pledge };

/**
 * Pledges in PostgreSQL. The unique constraints (receipt, user, NIP hash) make "one pledge per
 * account and per NIP" hold whichever instance takes the form; `pledge_tallies` is updated in the
 * same transaction, so `/statistik` reads a few hundred rows instead of counting a million.
 */
export class PostgresPledgeTable implements PledgeTable {
  constructor(private readonly pool: pg.Pool) {}

  async byUser(userId: string): Promise<Pledge | undefined> {
    return this.#one("SELECT data FROM pledges WHERE user_id = $1", [userId]);
  }
  async byNipHash(nipHash: string): Promise<Pledge | undefined> {
    return this.#one("SELECT data FROM pledges WHERE nip_hash = $1", [nipHash]);
  }
  async byReceipt(receipt: string): Promise<Pledge | undefined> {
    return this.#one("SELECT data FROM pledges WHERE receipt = $1", [receipt]);
  }

  async insert(pledge: Pledge): Promise<AddOutcome> {
    // One statement (one round trip, atomic): the pledge, and its three tallies only if it went in.
    const groups = KINDS.map((kind) => tallyRow(kind, pledge));
    const result = await this.pool.query(
      `WITH added AS (
         INSERT INTO pledges (receipt, user_id, nip_hash, pledged_at, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1
       )
       INSERT INTO pledge_tallies (kind, key, id, label, count)
       SELECT kind, key, id, label, 1 FROM (VALUES ($6, $7, $8, $9, 1), ($10, $11, $12, $13, 2), ($14, $15, $16, $17, 3), ($18, $19, $20, $21, 4)) AS t (kind, key, id, label, n)
       WHERE EXISTS (SELECT 1 FROM added) ORDER BY n
       ON CONFLICT (kind, key) DO UPDATE SET count = pledge_tallies.count + 1`,
      [pledge.receipt, pledge.userId, pledge.nipHash, pledge.pledgedAt, pledge, ...groups.flat()],
    );
    const inserted = result.rowCount === KINDS.length;
    if (inserted) return { ok: true, pledge };
    const byUser = await this.byUser(pledge.userId);
    if (byUser) return { ok: false, reason: "user", existing: byUser };
    const byNip = await this.byNipHash(pledge.nipHash);
    if (byNip) return { ok: false, reason: "nip", existing: byNip };
    return { ok: false, reason: "receipt" };
  }

  removeByUser(userId: string): Promise<Pledge | undefined> {
    return transaction(this.pool, async (client) => {
      const { rows } = await client.query<Row>("DELETE FROM pledges WHERE user_id = $1 RETURNING data", [userId]);
      const pledge = rows[0]?.data;
      if (pledge) await this.#uncount(client, pledge);
      return pledge;
    });
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string | null }>("SELECT sum(count) AS n FROM pledge_tallies WHERE kind = 'province'");
    return Number(rows[0]?.n ?? 0);
  }

  async ranked(kind: TallyKind, limit: number): Promise<Ranked> {
    const [top, all] = await Promise.all([
      this.pool.query<{ id: string; label: string; count: string }>("SELECT id, label, count FROM pledge_tallies WHERE kind = $1 ORDER BY count DESC, label LIMIT $2", [kind, limit]),
      this.pool.query<{ groups: string; count: string | null }>("SELECT count(*) AS groups, sum(count) AS count FROM pledge_tallies WHERE kind = $1", [kind]),
    ]);
    const groups = top.rows.map((r) => ({ id: r.id, label: r.label, count: Number(r.count) }));
    const shown = groups.reduce((sum, g) => sum + g.count, 0);
    const total = all.rows[0];
    return { top: groups, others: { groups: Number(total?.groups ?? 0) - groups.length, count: Number(total?.count ?? 0) - shown } };
  }

  async group(kind: TallyKind, id: string): Promise<TallyGroup | undefined> {
    const { rows } = await this.pool.query<{ id: string; label: string; count: string }>("SELECT id, label, count FROM pledge_tallies WHERE kind = $1 AND id = $2 LIMIT 1", [kind, id]);
    const row = rows[0];
    return row && { id: row.id, label: row.label, count: Number(row.count) };
  }

  async perDay(from: number, to: number): Promise<Map<number, number>> {
    const days = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => String(from + i));
    const { rows } = await this.pool.query<{ key: string; count: string }>("SELECT key, count FROM pledge_tallies WHERE kind = 'day' AND key = ANY($1)", [days]);
    return new Map(rows.map((r) => [Number(r.key), Number(r.count)]));
  }

  /** Pages through the pledges in the order made, a thousand rows at a time (never all in memory). */
  async *all(): AsyncIterable<Pledge> {
    let after: [string, string] | undefined;
    for (;;) {
      const { rows } = await this.pool.query<Row & { at: Date; receipt: string }>(
        after
          ? "SELECT data, pledged_at AS at, receipt FROM pledges WHERE (pledged_at, receipt) > ($1, $2) ORDER BY pledged_at, receipt LIMIT $3"
          : "SELECT data, pledged_at AS at, receipt FROM pledges ORDER BY pledged_at, receipt LIMIT $1",
        after ? [...after, PAGE] : [PAGE],
      );
      for (const row of rows) yield row.data;
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      after = [last.at.toISOString(), last.receipt];
    }
  }

  async #one(sql: string, values: unknown[]): Promise<Pledge | undefined> {
    const { rows } = await this.pool.query<Row>(sql, values);
    return rows[0]?.data;
  }

  /** Takes one off the pledge's three groups, always in the same order (no deadlock between writers). */
  async #uncount(client: pg.PoolClient, pledge: Pledge): Promise<void> {
    for (const [kind, key] of KINDS.map((kind) => tallyRow(kind, pledge))) {
      await client.query("UPDATE pledge_tallies SET count = count - 1 WHERE kind = $1 AND key = $2", [kind, key]);
    }
    await client.query("DELETE FROM pledge_tallies WHERE count <= 0");
  }
}

/** The tally row a pledge counts in: kind, group key, button id, label as first spelled. */
function tallyRow(kind: CountedKind, pledge: Pledge): [CountedKind, string, string, string] {
  if (kind === "day") {
    const day = wibDayNumber(Date.parse(pledge.pledgedAt));
    return [kind, String(day), String(day), dayFromNumber(day)];
  }
  const label = tallyLabel(kind, pledge).replace(/\s+/g, " ").trim();
  const key = groupKey(label);
  return [kind, key, shortId(key), label];
}
