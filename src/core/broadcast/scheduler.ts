import { Cron } from "croner";
import type { Logger } from "pino";
import type { ReminderTemplate } from "../knowledge/types.ts";
import type { SharedStore } from "../../storage/shared-store.ts";
import type { ChatRegistry, Timezone } from "./chats.ts";
import { deliverAll } from "./deliver.ts";
import { abandonOn, DeliveryLedger, type LedgerEntry, type Outcome } from "./ledger.ts";
import type { Pacer } from "./pacer.ts";
import { formatElectionDate, formatLocalTime, nextSlot, reminderLabel, reminderPlan, type ReminderSlot } from "./plan.ts";

/** A reminder found late after downtime is still sent within this; later it would confuse more than help. */
export const MAX_LATENESS_MS = 3 * 3600_000;

/** What the scheduler needs; the grammY side is injected as `send`. */
export type ReminderSchedulerOptions = {
  /** `YYYY-MM-DD` (config.electionDate). */
  electionDate: string;
  templates: ReminderTemplate[];
  store: SharedStore;
  /** This instance's name in the leader lease and in delivery claims. */
  holder: string;
  /** See `CLAIM_MS`; 0 on a single instance. */
  claimMs?: number;
  /** How long the leader lease lasts without renewal (`LEADER_LEASE_MS`). */
  leaseMs?: number;
  chats: ChatRegistry;
  pacer: Pacer;
  now: () => Date;
  logger: Logger;
  /** Sends one reminder to one chat (grammY side: src/bot/features/reminders.ts). */
  send: (slot: ReminderSlot, chatId: number, signal: AbortSignal) => Promise<Outcome>;
  concurrency?: number;
};

/** How long the leader lease lasts without renewal; the leader renews it every third of that. */
export const LEADER_LEASE_MS = 90_000;
const LEASE_NAME = "reminder-scheduler";

/**
 * Sends the reminders of knowledge/pengingat.yaml at their local time in each zone, on exactly one
 * instance at a time: the holder of a lease in the shared store (renewed while it lives, taken
 * over by another instance within `LEADER_LEASE_MS` when it dies). Each tick
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
  #heartbeat: NodeJS.Timeout | undefined;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;
  #leading = false;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.plan = reminderPlan(options.electionDate, options.templates);
    this.#ledger = new DeliveryLedger(options.store.records<LedgerEntry>("reminder-deliveries"), options.now, options.holder, options.claimMs);
  }

  /** Takes or renews the leader lease; only the leader evaluates slots. */
  async leads(): Promise<boolean> {
    const leading = await this.options.store.lease(LEASE_NAME, this.options.holder, this.#leaseMs);
    const tookOver = leading && !this.#leading;
    this.#leading = leading;
    // A new leader (the old one died or stopped) catches up at once instead of at the next minute.
    if (tookOver && this.#heartbeat) void this.tick();
    return leading;
  }

  get #leaseMs(): number {
    return this.options.leaseMs ?? LEADER_LEASE_MS;
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
    // Renewing between ticks keeps the lease through a delivery longer than the lease itself.
    this.#heartbeat = setInterval(() => void this.leads().catch(() => undefined), this.#leaseMs / 3).unref();
    void this.tick();
  }

  /**
   * Stops ticking; a delivery in progress ends after its calls in flight, or abandons them when
   * `abandon` fires. Whatever was not sent is sent by the next start (if still less than 3 h late).
   */
  async stop(abandon?: AbortSignal): Promise<void> {
    this.#stopped = true;
    this.#cron?.stop();
    clearInterval(this.#heartbeat);
    abandonOn(abandon, this.#abort);
    await this.#queue;
    // Another instance takes over at its next tick instead of after the lease runs out.
    await this.options.store.releaseLease(LEASE_NAME, this.options.holder).catch(() => undefined);
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
    if (this.#stopped || !(await this.leads())) return;
    const now = this.options.now();
    for (const slot of this.plan) {
      if (this.#stopped || slot.at > now) return;
      if (!(await this.#ledger.get(this.#job(slot), slot.timezone))) await this.#handle(slot, now);
    }
  }

  async #handle(slot: ReminderSlot, now: Date): Promise<void> {
    const { chats, logger, pacer, concurrency = 4 } = this.options;
    const job = this.#job(slot);
    const snapshot = await chats.snapshot();
    const linkedIds = (chatId: number) => snapshot.linkedIds(chatId);
    const pending: number[] = [];
    for (const chat of snapshot.reminderTargets(slot.timezone)) if (!(await this.#ledger.settled(job, linkedIds(chat.id)))) pending.push(chat.id);
    const lateMs = now.getTime() - slot.at.getTime();
    const context = { reminder: slot.key, timezone: slot.timezone, minutesLate: Math.round(lateMs / 60_000), chats: pending.length };
    if (lateMs >= MAX_LATENESS_MS) {
      if (pending.length > 0) logger.warn(context, "reminder skipped: more than 3 hours late");
      await this.#ledger.mark(job, slot.timezone, pending.length > 0 ? "skipped" : "closed");
      return;
    }
    if (pending.length === 0) return;
    if (lateMs >= 5 * 60_000) logger.info(context, "reminder sent late (missed while the bot was down)");
    await deliverAll({
      job,
      targets: pending,
      ledger: this.#ledger,
      send: (chatId) => this.options.send(slot, chatId, this.#abort.signal),
      pacer,
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
