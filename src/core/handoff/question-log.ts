import type { Collection, Store } from "../../storage/store.ts";
import { maskPersonalData } from "../privacy/mask.ts";
import { RecentAnswers } from "./recent-answers.ts";

/** A question the bot could not answer confidently: text (masked) and time, nothing about the asker. */
export type UnansweredQuestion = { text: string; at: string };

/** A 👎 on an answer: which question got which entry (masked text, entry id), nothing about the asker. */
export type Downvote = { question: string; entry: string; at: string };

const DAY_MS = 24 * 3600_000;

/**
 * What the knowledge editors learn from: questions nobody could answer and answers marked wrong.
 * Texts are masked before they are written and every record is deleted after the retention
 * period (`QUESTION_RETENTION_DAYS`), so the log cannot turn into a record of people.
 */
export class QuestionLog {
  /** Which question each recent answer message answered (memory only), for the 👎 record. */
  readonly recent: RecentAnswers;
  readonly #unanswered: Collection<UnansweredQuestion>;
  readonly #downvotes: Collection<Downvote>;

  constructor(
    store: Store,
    private readonly now: () => Date,
    private readonly retentionDays: number,
  ) {
    this.#unanswered = store.collection<UnansweredQuestion>("unanswered", { log: true });
    this.#downvotes = store.collection<Downvote>("downvotes", { log: true });
    this.recent = new RecentAnswers(now);
    this.#maskOlderRecords();
  }

  /**
   * Questions logged before masking existed are masked at start (a no-op afterwards). Deleting
   * first makes the log compact, so the unmasked line leaves the disk, not only the memory.
   */
  #maskOlderRecords(): void {
    for (const [key, record] of this.#unanswered.entries()) {
      const { text, masked } = maskPersonalData(record.text);
      if (!masked) continue;
      this.#unanswered.delete(key);
      this.#unanswered.set(key, { ...record, text });
    }
  }

  #key(): string {
    return `${this.now().getTime()}-${Math.random().toString(36).slice(2, 8)}`;
  }

  recordUnanswered(text: string): void {
    this.#unanswered.set(this.#key(), { text: maskPersonalData(text).text, at: this.now().toISOString() });
  }

  recordDownvote(question: string, entryId: string): void {
    this.#downvotes.set(this.#key(), { question: maskPersonalData(question).text, entry: entryId, at: this.now().toISOString() });
  }

  /** Unanswered questions, newest first. */
  unanswered(): UnansweredQuestion[] {
    return this.#unanswered.values().sort((a, b) => b.at.localeCompare(a.at));
  }

  /** 👎 records, newest first. */
  downvotes(): Downvote[] {
    return this.#downvotes.values().sort((a, b) => b.at.localeCompare(a.at));
  }

  /** Deletes records older than the retention period from both logs; returns how many. */
  purge(): number {
    const cutoff = new Date(this.now().getTime() - this.retentionDays * DAY_MS).toISOString();
    let count = 0;
    for (const log of [this.#unanswered, this.#downvotes] as Collection<{ at: string }>[]) {
      for (const [key, record] of log.entries()) if (record.at < cutoff && log.delete(key)) count++;
    }
    return count;
  }
}
