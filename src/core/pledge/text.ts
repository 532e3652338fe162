import type { Pledge } from "../knowledge/types.ts";

/** The pledge's words as shown: title, opening, the four points and the closing. */
export type PledgeText = Pick<Pledge, "title" | "intro" | "points" | "closing">;

/**
 * The pledge for a named vote: `{pemilihan}` becomes the vote's name from the calendar, or the
 * neutral `noElection` wording when none is planned, so the text never speaks of a past year as now.
 */
export function pledgeText(pledge: Pledge, election: string | undefined): PledgeText {
  const fill = (text: string) => text.replaceAll("{pemilihan}", election ?? pledge.noElection);
  return { title: fill(pledge.title), intro: fill(pledge.intro), points: pledge.points.map(fill), closing: fill(pledge.closing) };
}
