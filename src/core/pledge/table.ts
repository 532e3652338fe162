import type { Ranked, TallyGroup } from "./tally.ts";

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

/** Adding refuses a second pledge per account and per NIP, and says which rule stopped it. */
export type AddOutcome = { ok: true; pledge: Pledge } | { ok: false; reason: "user" | "nip" | "receipt"; existing?: Pledge };

/** The groups pledges are counted by. */
export type TallyKind = "agency" | "region" | "province";

/**
 * Where pledges live. Uniqueness (one per account, one per NIP, one per receipt code) is
 * enforced by the table itself in one atomic insert, so it holds across bot instances; counts per
 * group are kept up to date on every write, so statistics never scan a million pledges.
 */
export interface PledgeTable {
  byUser(userId: string): Promise<Pledge | undefined>;
  byNipHash(nipHash: string): Promise<Pledge | undefined>;
  byReceipt(receipt: string): Promise<Pledge | undefined>;
  /** Inserts unless the account, the NIP or the receipt code is taken (`receipt`: retry with another code). */
  insert(pledge: Pledge): Promise<AddOutcome>;
  /** Deletes the account's pledge; returns it. */
  removeByUser(userId: string): Promise<Pledge | undefined>;
  count(): Promise<number>;
  /** The `limit` largest groups of a kind (ties by label), the rest summed. */
  ranked(kind: TallyKind, limit: number): Promise<Ranked>;
  /** A group behind a button id, if it still has pledges. */
  group(kind: TallyKind, id: string): Promise<TallyGroup | undefined>;
  /** Pledges per WIB day number (see `wibDayNumber`) for the days in `[from, to]`. */
  perDay(from: number, to: number): Promise<Map<number, number>>;
  /** Every pledge in the order made (exports). */
  all(): AsyncIterable<Pledge>;
}
