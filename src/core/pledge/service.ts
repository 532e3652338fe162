import type { Province } from "./places.ts";
import type { Region } from "../knowledge/types.ts";
import type { Collection, Store } from "../../storage/store.ts";
import { RateLimiter } from "../reports/limiter.ts";
import { FormStore, type StoredForm } from "./form.ts";
import { matchRegion } from "./places.ts";
import { newReceiptCode, parseReceiptCode } from "./receipt.ts";
import { hashNip } from "./secret.ts";
import { groupKey, Tally, type Ranked, type TallyGroup } from "./tally.ts";
import { dayFromNumber, wibDay, wibDayNumber } from "./time.ts";

/**
 * One stored pledge: the minimum UU 27/2022 lets us keep for the purpose (proving and counting
 * pledges). The NIP is only a keyed hash (to refuse a second pledge) and its last four digits.
 */
export type Pledge = {
  receipt: string;
  /** Telegram user id, to answer "already pledged" and to let the owner delete it. */
  userId: string;
  nipHash: string;
  nipLast4: string;
  name: string;
  agency: string;
  unit: string;
  province: string;
  /** Kabupaten/kota as typed (tidied). */
  regency: string;
  /** ISO instant. */
  pledgedAt: string;
};

/** A pledge before it is stored: the service adds the receipt code and the time. */
export type PledgeInput = Omit<Pledge, "receipt" | "pledgedAt">;

/** Adding refuses a second pledge per account and per NIP, and says which rule stopped it. */
export type AddOutcome = { ok: true; pledge: Pledge } | { ok: false; reason: "user" | "nip"; existing: Pledge };

/** What admins see in /statistik; days are WIB days. */
export type PledgeStatistics = {
  total: number;
  today: { day: string; count: number };
  days: { day: string; count: number }[];
  agencies: Ranked;
  regions: Ranked;
};

/** What the service needs from the app: the NIP key, the clock, the place lists. */
export type PledgeServiceOptions = {
  /** HMAC key for NIPs (see `resolvePledgeSecret`). */
  secret: string;
  now: () => Date;
  /** Seed regions, to tell which one a pledger belongs to (answer ranking). */
  regions: Region[];
  provinces: Province[];
};

/** Storage names; log collections, since a deployment holds up to hundreds of thousands of pledges. */
export const PLEDGE_COLLECTION = "pledges";
export const FORM_COLLECTION = "pledge-forms";

const SWEEP_INTERVAL_MS = 5 * 60_000;

/**
 * NIPs one account may type in `ATTEMPT_WINDOW_MS`, and receipt codes it may look up in vain: a
 * person makes a typo or two, someone probing who has pledged (or squatting NIPs) makes many.
 */
export const NIP_ATTEMPTS = 5;
export const RECEIPT_MISSES = 5;
export const ATTEMPT_WINDOW_MS = 15 * 60_000;

/** The region column of statistics and exports: kabupaten/kota with its province. */
export function regionLabel(pledge: Pick<Pledge, "regency" | "province">): string {
  return `${pledge.regency}, ${pledge.province}`;
}

/**
 * Pledges with in-memory indexes (by user, by NIP hash; the log collection itself is keyed by
 * receipt) and running tallies, built once at start. Every lookup and every add is O(1), so a
 * national deployment with hundreds of thousands of pledges answers as fast as a small one.
 */
export class PledgeService {
  readonly forms: FormStore;
  readonly provinces: Province[];
  /** NIPs typed per account (in memory only). */
  readonly nipAttempts: RateLimiter;
  /** `/verifikasi` lookups that found nothing, per account (in memory only). */
  readonly receiptMisses: RateLimiter;
  readonly #pledges: Collection<Pledge>;
  readonly #byUser = new Map<string, string>();
  readonly #byNip = new Map<string, string>();
  readonly #agencies = new Tally();
  readonly #regions = new Tally();
  readonly #provinces = new Tally();
  /** Pledges per WIB day, keyed by day number (cheaper than a date string for 100k pledges at start). */
  readonly #days = new Map<number, number>();
  readonly #options: PledgeServiceOptions;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(store: Store, options: PledgeServiceOptions) {
    this.#options = options;
    this.provinces = options.provinces;
    this.#pledges = store.collection<Pledge>(PLEDGE_COLLECTION, { log: true });
    this.forms = new FormStore(store.collection<StoredForm>(FORM_COLLECTION, { log: true }), options.now);
    this.nipAttempts = new RateLimiter(NIP_ATTEMPTS, ATTEMPT_WINDOW_MS, options.now);
    this.receiptMisses = new RateLimiter(RECEIPT_MISSES, ATTEMPT_WINDOW_MS, options.now);
    for (const pledge of this.#pledges.values()) this.#index(pledge);
  }

  /** Sweeps abandoned forms regularly, so their contents leave the disk without a user returning. */
  start(): void {
    const sweep = () => {
      this.forms.sweep();
      this.nipAttempts.sweep();
      this.receiptMisses.sweep();
    };
    sweep();
    this.#sweeper ??= setInterval(sweep, SWEEP_INTERVAL_MS).unref();
  }

  /** Stops the sweep timer (app shutdown). */
  stop(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  /** Number of stored pledges. */
  get size(): number {
    return this.#pledges.size;
  }

  /** The keyed hash a normalised NIP is stored and compared as. */
  hashNip(nip: string): string {
    return hashNip(this.#options.secret, nip);
  }

  /** The pledge made from a Telegram account, if any. */
  byUser(userId: string): Pledge | undefined {
    const receipt = this.#byUser.get(userId);
    return receipt === undefined ? undefined : this.#pledges.get(receipt);
  }

  /** The pledge made with a NIP (by its hash), from whichever account. */
  byNipHash(nipHash: string): Pledge | undefined {
    const receipt = this.#byNip.get(nipHash);
    return receipt === undefined ? undefined : this.#pledges.get(receipt);
  }

  /** Accepts the code as typed (any case, with or without dashes). */
  byReceipt(typed: string): Pledge | undefined {
    const code = parseReceiptCode(typed);
    return code === undefined ? undefined : this.#pledges.get(code);
  }

  /** Stores a pledge unless this account or this NIP has one already; one appended line on disk. */
  add(input: PledgeInput): AddOutcome {
    const byUser = this.byUser(input.userId);
    if (byUser) return { ok: false, reason: "user", existing: byUser };
    const byNip = this.byNipHash(input.nipHash);
    if (byNip) return { ok: false, reason: "nip", existing: byNip };
    let receipt = newReceiptCode();
    while (this.#pledges.has(receipt)) receipt = newReceiptCode();
    const pledge: Pledge = { receipt, ...input, pledgedAt: this.#options.now().toISOString() };
    this.#pledges.set(receipt, pledge);
    this.#index(pledge);
    return { ok: true, pledge };
  }

  /** The seed region (id) of the account's pledge, so that region's rules rank first in answers. */
  regionOf(userId: string): string | undefined {
    const pledge = this.byUser(userId);
    return pledge && matchRegion(this.#options.regions, pledge.province, pledge.regency)?.id;
  }

  /** Deletes the account's pledge and its unfinished form. */
  remove(userId: string): Pledge | undefined {
    this.forms.clear(userId);
    const pledge = this.byUser(userId);
    if (!pledge) return undefined;
    this.#pledges.delete(pledge.receipt);
    this.#unindex(pledge);
    return pledge;
  }

  /**
   * An admin voids a pledge (a NIP squatted from another account, a false name): it is deleted like
   * `/hapusdata` does, so its NIP can pledge again. Found by receipt code or by the NIP itself.
   */
  void(receiptOrNip: string): Pledge | undefined {
    const digits = receiptOrNip.replace(/[\s.\-]/g, "");
    const pledge = /^\d{18}$/.test(digits) ? this.byNipHash(this.hashNip(digits)) : this.byReceipt(receiptOrNip);
    return pledge && this.remove(pledge.userId);
  }

  /** The agencies most pledges name, for one-tap buttons (most people share a handful). */
  recentAgencies(limit = 5): TallyGroup[] {
    return this.#agencies.ranked(limit).top;
  }

  /** The provinces most pledges name: in a regional deployment nearly everyone shares one. */
  recentProvinces(limit = 4): TallyGroup[] {
    return this.#provinces.ranked(limit).top;
  }

  /** The agency behind a "recently used" button, if it still has pledges. */
  agencyById(id: string): TallyGroup | undefined {
    return this.#agencies.byId(id);
  }

  /** Counts for /statistik; the `top` largest agencies and regions by name, the rest summed. */
  statistics(top = 10): PledgeStatistics {
    const now = this.#options.now();
    const todayNumber = wibDayNumber(now.getTime());
    const days = Array.from({ length: 7 }, (_, i) => todayNumber - 6 + i).map((n) => ({ day: dayFromNumber(n), count: this.#days.get(n) ?? 0 }));
    const today = days.at(-1) ?? { day: wibDay(now), count: 0 };
    return { total: this.size, today, days, agencies: this.#agencies.ranked(top), regions: this.#regions.ranked(top) };
  }

  /** Pledges in the order made, optionally only agencies containing `agencyFilter` (any case). */
  select(agencyFilter?: string): Pledge[] {
    const all = this.#pledges.values();
    const needle = agencyFilter ? groupKey(agencyFilter) : "";
    return needle ? all.filter((p) => groupKey(p.agency).includes(needle)) : all;
  }

  #index(pledge: Pledge): void {
    this.#byUser.set(pledge.userId, pledge.receipt);
    this.#byNip.set(pledge.nipHash, pledge.receipt);
    this.#agencies.add(pledge.agency);
    this.#regions.add(regionLabel(pledge));
    this.#provinces.add(pledge.province);
    const day = wibDayNumber(Date.parse(pledge.pledgedAt));
    this.#days.set(day, (this.#days.get(day) ?? 0) + 1);
  }

  #unindex(pledge: Pledge): void {
    this.#byUser.delete(pledge.userId);
    this.#byNip.delete(pledge.nipHash);
    this.#agencies.remove(pledge.agency);
    this.#regions.remove(regionLabel(pledge));
    this.#provinces.remove(pledge.province);
    const day = wibDayNumber(Date.parse(pledge.pledgedAt));
    const left = (this.#days.get(day) ?? 0) - 1;
    if (left > 0) this.#days.set(day, left);
    else this.#days.delete(day);
  }
}
