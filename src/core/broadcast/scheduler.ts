import { Cron } from "croner";
import type { Logger } from "pino";
import type { ReminderTemplate } from "../knowledge/types.ts";
import type { Store } from "../../storage/store.ts";
import type { ChatRegistry, Timezone } from "./chats.ts";
import { deliverAll } from "./deliver.ts";
import { abandonOn, DeliveryLedger, type LedgerEntry, type Outcome } from "./ledger.ts";
import { formatElectionDate, formatLocalTime, nextSlot, reminderLabel, reminderPlan, type ReminderSlot } from "./plan.ts";

/** A reminder found late after downtime is still sent within this; later it would confuse more than help. */
export const MAX_LATENESS_MS = 3 * 3600_000;

/** What the scheduler needs; the grammY side is injected as `send`. */
export type ReminderSchedulerOptions = {
  /** `YYYY-MM-DD` (config.electionDate). */
  electionDate: string;
  templates: ReminderTemplate[];
  store: Store;
  chats: ChatRegistry;
  now: () => Date;
  logger: Logger;
  /** Sends one reminder to one chat (grammY side: src/bot/features/reminders.ts). */
  send: (slot: ReminderSlot, chatId: number, signal: AbortSignal) => Promise<Outcome>;
  concurrency?: number;
};

/**
 * Sends the reminders of knowledge/pengingat.yaml at their local time in each zone. Each tick
 * (every minute by croner, or called by tests with a controlled clock) looks at every slot that is
 * due: chats without a ledger entry get it if the slot is less than three hours late; a later slot
 * is skipped, logged once and marked so it is never looked at again. Ledger keys name the
 * election date, so next year's reminders start clean.
 */
export class ReminderScheduler {
  readonly plan: ReminderSlot[];
  readonly #ledger: DeliveryLedger;
  readonly #abort = new AbortController();
  #cron: Cron | undefined;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.plan = reminderPlan(options.electionDate, options.templates);
    this.#ledger = new DeliveryLedger(options.store.collection<LedgerEntry>("reminder-deliveries", { log: true }), options.now);
  }

  /** Logs the plan, catches up on what was missed while the bot was down, then ticks every minute. */
  start(): void {
    const { electionDate, templates, logger } = this.options;
    const times = templates.map((t) => `${reminderLabel(t)} ${t.time.replace(":", ".")}`).join(", ");
    const next = this.plan.find((slot) => slot.at > this.options.now());
    logger.info(
      `Pengingat untuk pemungutan suara ${formatElectionDate(electionDate)} dijadwalkan ${times} waktu setempat (WIB/WITA/WIT); ` +
        (next ? `berikutnya ${reminderLabel(next.template)}, ${formatLocalTime(next.at, next.timezone)}.` : "semua pengingat sudah lewat."),
    );
    this.#cron = new Cron("* * * * *", { protect: true }, () => this.tick());
    void this.tick();
  }

  /**
   * Stops ticking; a delivery in progress ends after its calls in flight, or abandons them when
   * `abandon` fires. Whatever was not sent is sent by the next start (if still less than 3 h late).
   */
  async stop(abandon?: AbortSignal): Promise<void> {
    this.#stopped = true;
    this.#cron?.stop();
    abandonOn(abandon, this.#abort);
    await this.#queue;
  }

  /** The next reminder for a zone, for the settings screens. */
  next(timezone: Timezone): ReminderSlot | undefined {
    return nextSlot(this.plan, timezone, this.options.now());
  }

  /** Evaluates every due slot now; ticks never overlap (a second call waits for the first). */
  tick(): Promise<void> {
    this.#queue = this.#queue.then(() => this.#evaluate()).catch((error: unknown) => this.options.logger.error({ message: (error as Error)?.message }, "reminder tick failed"));
    return this.#queue;
  }

  async #evaluate(): Promise<void> {
    const now = this.options.now();
    for (const slot of this.plan) {
      if (this.#stopped || slot.at > now) return;
      if (!this.#ledger.get(this.#job(slot), slot.timezone)) await this.#handle(slot, now);
    }
  }

  async #handle(slot: ReminderSlot, now: Date): Promise<void> {
    const { chats, logger, concurrency = 4 } = this.options;
    const job = this.#job(slot);
    const linkedIds = (chatId: number) => chats.linkedIds(chatId);
    const pending = chats
      .reminderTargets(slot.timezone)
      .map((c) => c.id)
      .filter((id) => !this.#ledger.settled(job, linkedIds(id)));
    const lateMs = now.getTime() - slot.at.getTime();
    const context = { reminder: slot.key, timezone: slot.timezone, minutesLate: Math.round(lateMs / 60_000), chats: pending.length };
    if (lateMs >= MAX_LATENESS_MS) {
      if (pending.length > 0) logger.warn(context, "reminder skipped: more than 3 hours late");
      this.#ledger.mark(job, slot.timezone, pending.length > 0 ? "skipped" : "closed");
      return;
    }
    if (pending.length === 0) return;
    if (lateMs >= 5 * 60_000) logger.info(context, "reminder sent late (missed while the bot was down)");
    await deliverAll({
      job,
      targets: pending,
      ledger: this.#ledger,
      send: (chatId) => this.options.send(slot, chatId, this.#abort.signal),
      concurrency,
      linkedIds,
      stopped: () => this.#stopped,
    });
  }

  /** Ledger prefix of a reminder: per election date and reminder key, shared by the zones. */
  #job(slot: ReminderSlot): string {
    return `${this.options.electionDate}/${slot.key}`;
  }
}
