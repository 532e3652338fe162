import { randomSymbols } from "../reports/codes.ts";

/**
 * A hand-off's code ("T-7K3QPX"): random, so it reveals neither order nor volume, in the same
 * unambiguous alphabet as report ids, and unrelated to anything about the asker.
 */
export function newQuestionCode(): string {
  return `T-${randomSymbols(6)}`;
}

/** An unguessable token (50 bits) naming a pending question in button data. */
export function newPendingToken(): string {
  return randomSymbols(10);
}

/** Hand-off codes as they appear in button data and commands. */
export const QUESTION_CODE = /T-[0-9A-Z]{6}/;
