import type { Collection } from "../../storage/store.ts";
import type { AddOutcome, Pledge, PledgeTable, TallyKind } from "./table.ts";
import { Tally, type Ranked, type TallyGroup } from "./tally.ts";
import { wibDayNumber } from "./time.ts";

/** The region column of statistics and exports: kabupaten/kota with its province. */
export function regionLabel(pledge: Pick<Pledge, "regency" | "province">): string {
  return `${pledge.regency}, ${pledge.province}`;
}

/** The label a pledge is counted under, per kind. */
export function tallyLabel(kind: TallyKind, pledge: Pledge): string {
  return kind === "agency" ? pledge.agency : kind === "region" ? regionLabel(pledge) : pledge.province;
}

const KINDS: TallyKind[] = ["agency", "region", "province"];

/**
 * Pledges of one process (lowdb): a log collection keyed by receipt with in-memory indexes (by
 * user, by NIP hash) and running tallies, built once at start. Every lookup and add is O(1); the
 * process is the only writer (the data directory is locked), so checking then writing is atomic.
 */
export class MemoryPledgeTable implements PledgeTable {
  readonly #pledges: Collection<Pledge>;
  readonly #byUser = new Map<string, string>();
  readonly #byNip = new Map<string, string>();
  readonly #tallies: Record<TallyKind, Tally> = { agency: new Tally(), region: new Tally(), province: new Tally() };
  /** Pledges per WIB day, keyed by day number (cheaper than a date string for 100k pledges at start). */
  readonly #days = new Map<number, number>();

  constructor(pledges: Collection<Pledge>) {
    this.#pledges = pledges;
    for (const pledge of pledges.values()) this.#index(pledge);
  }

  async byUser(userId: string): Promise<Pledge | undefined> {
    return this.#get(this.#byUser.get(userId));
  }
  async byNipHash(nipHash: string): Promise<Pledge | undefined> {
    return this.#get(this.#byNip.get(nipHash));
  }
  async byReceipt(receipt: string): Promise<Pledge | undefined> {
    return this.#pledges.get(receipt);
  }

  async insert(pledge: Pledge): Promise<AddOutcome> {
    const byUser = this.#get(this.#byUser.get(pledge.userId));
    if (byUser) return { ok: false, reason: "user", existing: byUser };
    const byNip = this.#get(this.#byNip.get(pledge.nipHash));
    if (byNip) return { ok: false, reason: "nip", existing: byNip };
    if (this.#pledges.has(pledge.receipt)) return { ok: false, reason: "receipt" };
    this.#pledges.set(pledge.receipt, pledge);
    this.#index(pledge);
    return { ok: true, pledge };
  }

  async removeByUser(userId: string): Promise<Pledge | undefined> {
    const pledge = this.#get(this.#byUser.get(userId));
    if (!pledge) return undefined;
    this.#pledges.delete(pledge.receipt);
    this.#unindex(pledge);
    return pledge;
  }

  async count(): Promise<number> {
    return this.#pledges.size;
  }
  async ranked(kind: TallyKind, limit: number): Promise<Ranked> {
    return this.#tallies[kind].ranked(limit);
  }
  async group(kind: TallyKind, id: string): Promise<TallyGroup | undefined> {
    return this.#tallies[kind].byId(id);
  }
  async perDay(from: number, to: number): Promise<Map<number, number>> {
    return new Map([...this.#days].filter(([day]) => day >= from && day <= to));
  }
  async *all(): AsyncIterable<Pledge> {
    yield* this.#pledges.values();
  }

  #get(receipt: string | undefined): Pledge | undefined {
    return receipt === undefined ? undefined : this.#pledges.get(receipt);
  }

  #index(pledge: Pledge): void {
    this.#byUser.set(pledge.userId, pledge.receipt);
    this.#byNip.set(pledge.nipHash, pledge.receipt);
    for (const kind of KINDS) this.#tallies[kind].add(tallyLabel(kind, pledge));
    const day = wibDayNumber(Date.parse(pledge.pledgedAt));
    this.#days.set(day, (this.#days.get(day) ?? 0) + 1);
  }

  #unindex(pledge: Pledge): void {
    this.#byUser.delete(pledge.userId);
    this.#byNip.delete(pledge.nipHash);
    for (const kind of KINDS) this.#tallies[kind].remove(tallyLabel(kind, pledge));
    const day = wibDayNumber(Date.parse(pledge.pledgedAt));
    const left = (this.#days.get(day) ?? 0) - 1;
    if (left > 0) this.#days.set(day, left);
    else this.#days.delete(day);
  }
}
