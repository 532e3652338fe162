import type { Region } from "../knowledge/types.ts";
import type { SharedStore } from "../../storage/shared-store.ts";
import { RateLimiter } from "../reports/limiter.ts";
import { FormStore, type StoredForm } from "./form.ts";
import { matchRegion } from "./places.ts";
import { newReceiptCode, parseReceiptCode } from "./receipt.ts";
import { hashNip } from "./secret.ts";
import type { Pledge, PledgeTable } from "./table.ts";
import { groupKey, type Ranked, type TallyGroup } from "./tally.ts";
import { dayFromNumber, wibDay, wibDayNumber } from "./time.ts";

export type { AddOutcome, Pledge } from "./table.ts";
export { regionLabel } from "./memory-table.ts";

/** A pledge before it is stored: the service adds the receipt code and the time. */
export type PledgeInput = Omit<Pledge, "receipt" | "pledgedAt">;

/** What admins see in /statistik; days are WIB days. */
export type PledgeStatistics = {
  total: number;
  today: { day: string; count: number };
  days: { day: string; count: number }[];
  agencies: Ranked;
  regions: Ranked;
};

/** What the service needs from the app: the NIP key, the clock, the seed regions. */
export type PledgeServiceOptions = {
  /** HMAC key for NIPs (see `resolvePledgeSecret`). */
  secret: string;
  now: () => Date;
  /** Seed regions, to tell which one a pledger belongs to (answer ranking); replaced on a reload. */
  regions: Region[];
};

/** Storage names. */
export const FORM_COLLECTION = "pledge-forms";

const SWEEP_INTERVAL_MS = 5 * 60_000;

/**
 * NIPs one account may type in `ATTEMPT_WINDOW_MS`, and receipt codes it may look up in vain: a
 * person makes a typo or two, someone probing who has pledged (or squatting NIPs) makes many.
 */
export const NIP_ATTEMPTS = 5;
export const RECEIPT_MISSES = 5;
export const ATTEMPT_WINDOW_MS = 15 * 60_000;

/**
 * Pledges and the forms that lead to them. The rules (one pledge per account and per NIP) are
 * enforced by the store's pledge table in one atomic insert, so they hold when several bot
 * instances take pledges at once; counts come from the table's running tallies.
 */
export class PledgeService {
  readonly forms: FormStore;
  /** NIPs typed per account (counted in the shared store, so the limit holds across instances). */
  readonly nipAttempts: RateLimiter;
  /** `/verifikasi` lookups that found nothing, per account. */
  readonly receiptMisses: RateLimiter;
  readonly #pledges: PledgeTable;
  readonly #options: PledgeServiceOptions;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(store: SharedStore, options: PledgeServiceOptions) {
    this.#options = { ...options };
    this.#pledges = store.pledges;
    this.forms = new FormStore(store.records<StoredForm>(FORM_COLLECTION), options.now);
    this.nipAttempts = new RateLimiter(store, "nip-attempts", NIP_ATTEMPTS, ATTEMPT_WINDOW_MS, options.now);
    this.receiptMisses = new RateLimiter(store, "receipt-misses", RECEIPT_MISSES, ATTEMPT_WINDOW_MS, options.now);
  }

  /** Sweeps abandoned forms regularly, so their contents leave the disk without a user returning. */
  start(): void {
    const sweep = () => void this.forms.sweep().catch(() => undefined);
    sweep();
    this.#sweeper ??= setInterval(sweep, SWEEP_INTERVAL_MS).unref();
  }

  /** Stops the sweep timer (app shutdown). */
  stop(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  /** Number of stored pledges. */
  size(): Promise<number> {
    return this.#pledges.count();
  }

  /** The keyed hash a normalised NIP is stored and compared as. */
  hashNip(nip: string): string {
    return hashNip(this.#options.secret, nip);
  }

  /** The pledge made from a Telegram account, if any. */
  byUser(userId: string): Promise<Pledge | undefined> {
    return this.#pledges.byUser(userId);
  }

  /** The pledge made with a NIP (by its hash), from whichever account. */
  byNipHash(nipHash: string): Promise<Pledge | undefined> {
    return this.#pledges.byNipHash(nipHash);
  }

  /** Accepts the code as typed (any case, with or without dashes). */
  async byReceipt(typed: string): Promise<Pledge | undefined> {
    const code = parseReceiptCode(typed);
    return code === undefined ? undefined : this.#pledges.byReceipt(code);
  }

  /**
   * Stores a pledge unless this account or this NIP has one already (checked atomically by the
   * table); a taken receipt code, or a refusal whose pledge was deleted meanwhile, is tried again.
   */
  async add(input: PledgeInput): Promise<{ ok: true; pledge: Pledge } | { ok: false; reason: "user" | "nip"; existing: Pledge }> {
    for (;;) {
      const pledge: Pledge = { receipt: newReceiptCode(), ...input, pledgedAt: this.#options.now().toISOString() };
      const outcome = await this.#pledges.insert(pledge);
      if (outcome.ok) return outcome;
      if (outcome.reason !== "receipt" && outcome.existing) return { ok: false, reason: outcome.reason, existing: outcome.existing };
    }
  }

  /** The seed region (id) of the account's pledge, so that region's rules rank first in answers. */
  async regionOf(userId: string): Promise<string | undefined> {
    const pledge = await this.byUser(userId);
    return pledge && matchRegion(this.#options.regions, pledge.province, pledge.regency)?.id;
  }

  /** Deletes the account's pledge and its unfinished form. */
  async remove(userId: string): Promise<Pledge | undefined> {
    await this.forms.clear(userId);
    return this.#pledges.removeByUser(userId);
  }

  /**
   * An admin voids a pledge (a NIP squatted from another account, a false name): it is deleted like
   * `/hapusdata` does, so its NIP can pledge again. Found by receipt code or by the NIP itself.
   */
  async void(receiptOrNip: string): Promise<Pledge | undefined> {
    const digits = receiptOrNip.replace(/[\s.\-]/g, "");
    const pledge = /^\d{18}$/.test(digits) ? await this.byNipHash(this.hashNip(digits)) : await this.byReceipt(receiptOrNip);
    return pledge && this.remove(pledge.userId);
  }

  /** The seed regions of a reloaded knowledge base (`/muatulang`), for pledges matched from now on. */
  useRegions(regions: Region[]): void {
    this.#options.regions = regions;
  }

  /** The agencies most pledges name, for one-tap buttons (most people share a handful). */
  async recentAgencies(limit = 5): Promise<TallyGroup[]> {
    return (await this.#pledges.ranked("agency", limit)).top;
  }

  /** The provinces most pledges name: in a regional deployment nearly everyone shares one. */
  async recentProvinces(limit = 4): Promise<TallyGroup[]> {
    return (await this.#pledges.ranked("province", limit)).top;
  }

  /** The agency behind a "recently used" button, if it still has pledges. */
  agencyById(id: string): Promise<TallyGroup | undefined> {
    return this.#pledges.group("agency", id);
  }

  /** Counts for /statistik; the `top` largest agencies and regions by name, the rest summed. */
  async statistics(top = 10): Promise<PledgeStatistics> {
    const now = this.#options.now();
    const todayNumber = wibDayNumber(now.getTime());
    const [perDay, total, agencies, regions] = await Promise.all([
      this.#pledges.perDay(todayNumber - 6, todayNumber),
      this.#pledges.count(),
      this.#pledges.ranked("agency", top),
      this.#pledges.ranked("region", top),
    ]);
    const days = Array.from({ length: 7 }, (_, i) => todayNumber - 6 + i).map((n) => ({ day: dayFromNumber(n), count: perDay.get(n) ?? 0 }));
    const today = days.at(-1) ?? { day: wibDay(now), count: 0 };
    return { total, today, days, agencies, regions };
  }

  /** Pledges in the order made, optionally only agencies containing `agencyFilter` (any case). */
  async select(agencyFilter?: string): Promise<Pledge[]> {
    const needle = agencyFilter ? groupKey(agencyFilter) : "";
    const selected: Pledge[] = [];
    for await (const pledge of this.#pledges.all()) if (!needle || groupKey(pledge.agency).includes(needle)) selected.push(pledge);
    return selected;
  }
}
