import { placeKey, sameRegency } from "../pledge/places.ts";
import { lastDay, votingDay, type Scope, type Vote } from "./vote.ts";

/** Where a chat or person is, as far as we know: nothing, a province, or a kabupaten/kota too. */
export type Place = { province?: string; kabupaten?: string };

/**
 * Whether a vote concerns a place: national votes concern everyone; a provincial one the chats of
 * that province; a re-vote in one kabupaten/kota only chats that named it. A place we know nothing
 * about is covered by national votes only.
 */
export function covers(scope: Scope, place: Place): boolean {
  if (scope.level === "nasional") return true;
  if (!place.province || placeKey(place.province) !== placeKey(scope.province)) return false;
  return scope.level === "provinsi" || (place.kabupaten !== undefined && sameRegency(place.kabupaten, scope.kabupaten));
}

/**
 * The election calendar of `knowledge/kalender.yaml`, votes in voting-day order. Past votes stay
 * as history (answers to "kapan masa tenang Pilkada 2024?"); reminders and /jadwal look ahead.
 */
export class ElectionCalendar {
  constructor(readonly votes: Vote[]) {}

  /** Votes concerning a place that are not over yet on `today` (their last stage still runs or lies ahead). */
  current(place: Place, today: string): Vote[] {
    return this.votes.filter((v) => covers(v.scope, place) && lastDay(v) >= today);
  }

  /** Votes concerning a place whose voting day is `today` or later, soonest first. */
  upcoming(place: Place, today: string): Vote[] {
    return this.votes.filter((v) => covers(v.scope, place) && votingDay(v) >= today);
  }

  /** Every vote anywhere whose voting day is `today` or later: none means no reminder can be scheduled. */
  ahead(today: string): Vote[] {
    return this.votes.filter((v) => votingDay(v) >= today);
  }

  /** The most recent vote concerning a place that is over, for "the last one was …". */
  latestPast(place: Place, today: string): Vote | undefined {
    return this.votes.filter((v) => covers(v.scope, place) && votingDay(v) < today).at(-1);
  }

  /** Votes concerning a place held in a given year (a question naming "2024" means that year's votes). */
  inYear(place: Place, year: string): Vote[] {
    return this.votes.filter((v) => covers(v.scope, place) && votingDay(v).startsWith(year));
  }
}
