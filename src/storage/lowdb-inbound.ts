import { HANDLED_KEPT_MS, type InboundUpdate, type InboundUpdates } from "./shared-store.ts";
import type { Collection } from "./store.ts";

type Stored = Omit<InboundUpdate, "id">;

/**
 * Acknowledged updates of the single lowdb instance: an append-only log beside `db.json` (each
 * line on disk before the 200 goes out; a handled update leaves the file at the log's next
 * compaction, a second later), and a second log of the bare ids handled in the last hour. Claims
 * live in memory: one process owns the data directory, so an update found in the log without a
 * claim was left by a previous process that died.
 */
export class LowdbInbound implements InboundUpdates {
  readonly #claims = new Map<number, { holder: string; until: number }>();

  constructor(
    private readonly log: Collection<Stored>,
    private readonly handled: Collection<{ at: number }>,
    private readonly now: () => number,
  ) {}

  async receive(update: InboundUpdate, holder: string, ttlMs: number): Promise<{ stored: boolean; behind: boolean }> {
    const id = String(update.id);
    if (this.log.has(id) || this.handled.has(id)) return { stored: false, behind: false };
    const behind = this.#all().some((u) => u.key === update.key && u.id < update.id);
    this.log.set(id, { key: update.key, sealed: update.sealed });
    this.#claims.set(update.id, { holder, until: this.now() + ttlMs });
    return { stored: true, behind };
  }

  async release(id: number): Promise<void> {
    this.#claims.delete(id);
  }

  async done(id: number): Promise<boolean> {
    const key = this.log.get(String(id))?.key;
    this.handled.set(String(id), { at: this.now() });
    this.log.delete(String(id));
    this.#claims.delete(id);
    return this.#all().some((u) => u.key === key);
  }

  async renew(holder: string, ids: number[], ttlMs: number): Promise<void> {
    for (const id of ids) if (this.#claims.get(id)?.holder === holder) this.#claims.set(id, { holder, until: this.now() + ttlMs });
  }

  async recover(holder: string, ttlMs: number, limit: number, key?: string): Promise<InboundUpdate[]> {
    const now = this.now();
    const held = (id: number) => (this.#claims.get(id)?.until ?? 0) > now;
    const byKey = new Map<string, InboundUpdate[]>();
    for (const update of this.#all()) if (key === undefined || update.key === key) byKey.set(update.key, [...(byKey.get(update.key) ?? []), update]);
    const free = [...byKey.values()].filter((updates) => !updates.some((u) => held(u.id))).slice(0, limit);
    const taken = free.flat().sort((a, b) => a.id - b.id);
    for (const update of taken) this.#claims.set(update.id, { holder, until: now + ttlMs });
    return taken;
  }

  async count(): Promise<number> {
    return this.log.size;
  }

  async sweep(): Promise<void> {
    const before = this.now() - HANDLED_KEPT_MS;
    for (const [id, { at }] of this.handled.entries()) if (at <= before) this.handled.delete(id);
  }

  /** Every stored update in id order (few: only those between their 200 and their handling's end). */
  #all(): InboundUpdate[] {
    return this.log
      .entries()
      .map(([id, stored]) => ({ id: Number(id), ...stored }))
      .sort((a, b) => a.id - b.id);
  }
}
