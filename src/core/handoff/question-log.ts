import type { Records, SharedStore } from "../../storage/shared-store.ts";
import type { StateSecret } from "../reports/state-secret.ts";
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
  /** Which question each recent answer message answered (for a day), for the 👎 record. */
  readonly recent: RecentAnswers;
  readonly #unanswered: Records<UnansweredQuestion>;
  readonly #downvotes: Records<Downvote>;

  private constructor(
    store: SharedStore,
    secret: StateSecret,
    private readonly now: () => Date,
    private readonly retentionDays: number,
  ) {
    this.#unanswered = store.records<UnansweredQuestion>("unanswered");
    this.#downvotes = store.records<Downvote>("downvotes");
    this.recent = new RecentAnswers(store, secret);
  }

  static async open(store: SharedStore, secret: StateSecret, now: () => Date, retentionDays: number): Promise<QuestionLog> {
    const log = new QuestionLog(store, secret, now, retentionDays);
    await log.#maskOlderRecords();
    return log;
  }

  /**
   * Questions logged before masking existed are masked at start (a no-op afterwards). Deleting
   * first makes the log compact, so the unmasked line leaves the disk, not only the memory.
   */
  async #maskOlderRecords(): Promise<void> {
    for (const [key, record] of await this.#unanswered.list()) {
      const { text, masked } = maskPersonalData(record.text);
      if (!masked) continue;
      await this.#unanswered.delete(key);
      await this.#unanswered.set(key, { ...record, text });
    }
  }

  #key(): string {
    return `${this.now().getTime()}-${Math.random().toString(36).slice(2, 8)}`;
  }

  async recordUnanswered(text: string): Promise<void> {
    await this.#unanswered.set(this.#key(), { text: maskPersonalData(text).text, at: this.now().toISOString() });
  }

  async recordDownvote(question: string, entryId: string): Promise<void> {
    await this.#downvotes.set(this.#key(), { question: maskPersonalData(question).text, entry: entryId, at: this.now().toISOString() });
  }

  /** Unanswered questions, newest first. */
  async unanswered(): Promise<UnansweredQuestion[]> {
    return (await this.#unanswered.list()).map(([, q]) => q).sort((a, b) => b.at.localeCompare(a.at));
  }

  /** 👎 records, newest first. */
  async downvotes(): Promise<Downvote[]> {
    return (await this.#downvotes.list()).map(([, d]) => d).sort((a, b) => b.at.localeCompare(a.at));
  }

  /** Deletes records older than the retention period from both logs; returns how many. */
  async purge(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.retentionDays * DAY_MS).toISOString();
    let count = 0;
    for (const log of [this.#unanswered, this.#downvotes] as Records<{ at: string }>[]) {
      for (const [key, record] of await log.list()) if (record.at < cutoff && (await log.delete(key))) count++;
    }
    return count;
  }
}
