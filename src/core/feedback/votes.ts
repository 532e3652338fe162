import { createHmac } from "node:crypto";
import type { Collection } from "../../storage/store.ts";

/** 👍 or 👎 on an answer. */
export type Vote = "+" | "-";

/** Counts per knowledge entry, as `/masukan` shows them. */
export type Feedback = { up: number; down: number };

/** One person's vote on one entry: no person in it, only the entry, the vote and the day. */
type Ballot = { entry: string; vote: Vote; day: string };

/** Votes (and so the counts they make) are forgotten after this long: feedback expires too. */
export const VOTE_RETENTION_DAYS = 180;
const DAY_MS = 24 * 3600_000;

export type CastResult = "counted" | "changed" | "unchanged";

/**
 * 👍/👎 feedback, one vote per person per entry. A ballot is filed under a keyed hash of (person,
 * entry) with the deployment's `PLEDGE_SECRET`, kept outside the data folder: the stored ballot
 * cannot be traced to anyone without that key, yet a second press is recognised. Pressing the
 * other button changes the vote instead of adding one.
 */
export class Votes {
  constructor(
    private readonly ballots: Collection<Ballot>,
    private readonly counts: Collection<Feedback>,
    private readonly secret: string,
    private readonly now: () => Date,
  ) {}

  #ballotKey(userId: number, entry: string): string {
    return createHmac("sha256", this.secret).update(`vote:${userId}:${entry}`).digest("hex").slice(0, 32);
  }

  #add(entry: string, vote: Vote, delta: 1 | -1): void {
    const current = this.counts.get(entry) ?? { up: 0, down: 0 };
    const next = vote === "+" ? { ...current, up: Math.max(0, current.up + delta) } : { ...current, down: Math.max(0, current.down + delta) };
    if (next.up === 0 && next.down === 0) this.counts.delete(entry);
    else this.counts.set(entry, next);
  }

  /** Records a press; a repeat of the same vote counts nothing. */
  cast(userId: number, entry: string, vote: Vote): CastResult {
    const key = this.#ballotKey(userId, entry);
    const previous = this.ballots.get(key);
    if (previous?.vote === vote) return "unchanged";
    if (previous) this.#add(entry, previous.vote, -1);
    this.ballots.set(key, { entry, vote, day: this.now().toISOString().slice(0, 10) });
    this.#add(entry, vote, 1);
    return previous ? "changed" : "counted";
  }

  /** Forgets ballots older than `VOTE_RETENTION_DAYS`, and their share of the counts. */
  purge(): number {
    const cutoff = this.now().getTime() - VOTE_RETENTION_DAYS * DAY_MS;
    let purged = 0;
    for (const [key, ballot] of this.ballots.entries()) {
      if (Date.parse(ballot.day) > cutoff) continue;
      this.ballots.delete(key);
      this.#add(ballot.entry, ballot.vote, -1);
      purged++;
    }
    return purged;
  }
}
