import { Cron } from "croner";
import type { Logger } from "pino";
import type { ElectionCalendar } from "../calendar/calendar.ts";
import { formatDay, localDay } from "../calendar/dates.ts";
import { scopeLabel, votingDay } from "../calendar/vote.ts";
import type { ReminderTemplate } from "../knowledge/types.ts";
import type { SharedStore } from "../../storage/shared-store.ts";
import type { ChatRegistry } from "./chats.ts";
import { deliverAll } from "./deliver.ts";
import { abandonOn, DeliveryLedger, type LedgerEntry, type Outcome, type SendAttempt } from "./ledger.ts";
import { dayLabel, formatLocalTime, nextSlot, receives, reminderPlan, templateLabel, type PlanTarget, type ReminderSlot } from "./plan.ts";

/** A reminder found late after downtime is still sent within this; later it would confuse more than help. */
export const MAX_LATENESS_MS = 3 * 3600_000;

/** Slots older than this when the plan is made are history: not even logged as skipped. */
const PLAN_LOOKBACK_MS = 7 * 24 * 3600_000;

/** What the scheduler needs; the grammY side is injected as `send`. */
export type ReminderSchedulerOptions = {
  /** The votes reminders are sent for (knowledge/kalender.yaml); replaced by `replan` on reload. */
  calendar: ElectionCalendar;
  templates: ReminderTemplate[];
  store: SharedStore;
  /** This instance's name in the leader lease and in delivery claims. */
  holder: string;
  /** See `CLAIM_MS`; 0 on a single instance. */
  claimMs?: number;
  /** How long the leader lease lasts without renewal (`LEADER_LEASE_MS`). */
  leaseMs?: number;
  chats: ChatRegistry;
  now: () => Date;
  logger: Logger;
  /** Sends one reminder to one chat (grammY side: src/bot/features/reminders.ts). */
  send: (slot: ReminderSlot, chatId: number, signal: AbortSignal, attempt: SendAttempt) => Promise<Outcome>;
  concurrency?: number;
};

/** How long the leader lease lasts without renewal; the leader renews it every third of that. */
export const LEADER_LEASE_MS = 90_000;
const LEASE_NAME = "reminder-scheduler";

/**
 * Sends the reminders of knowledge/pengingat.yaml for every vote of the calendar, at their local
 * time in each zone, to the chats whose region the vote covers (national votes: everyone), at most
 * one a day per chat — on exactly one instance at a time: the holder of a lease in the shared
 * store (renewed while it lives, taken over by another instance when it dies). Each tick (every minute by croner, or called by tests with a controlled
 * clock) looks at every slot that is due: chats without a ledger entry get it if the slot is less
 * than three hours late; a later slot is skipped, logged once and marked so it is never looked at
 * again. Ledger keys name the vote, so each vote's reminders go out once, across restarts.
 */
export class ReminderScheduler {
  #plan: ReminderSlot[] = [];
  #calendar: ElectionCalendar;
  #templates: ReminderTemplate[];
  readonly #ledger: DeliveryLedger;
  readonly #abort = new AbortController();
  #cron: Cron | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;
  #leading = false;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.#ledger = new DeliveryLedger(options.store.records<LedgerEntry>("reminder-deliveries"), options.now, options.holder, options.claimMs);
    this.#calendar = options.calendar;
    this.#templates = options.templates;
    this.#makePlan();
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

  /** Every slot still ahead or recently due, in time order. */
  get plan(): readonly ReminderSlot[] {
    return this.#plan;
  }

  /** Logs the plan, catches up on what was missed while the bot was down, then ticks every minute. */
  start(): void {
    this.options.logger.info(this.summary());
    this.#cron = new Cron("* * * * *", { protect: true }, () => this.tick());
    // Renewing between ticks keeps the lease through a delivery longer than the lease itself.
    this.#heartbeat = setInterval(() => void this.leads().catch(() => undefined), this.#leaseMs / 3).unref();
    void this.tick();
  }

  /**
   * Follows a reloaded calendar or reminder texts from the next tick on. Deliveries already in the
   * ledger stay sent: a vote keeps its id, so nothing is repeated.
   */
  replan(calendar: ElectionCalendar, templates: ReminderTemplate[]): void {
    this.#calendar = calendar;
    this.#templates = templates;
    this.#makePlan();
    this.options.logger.info(this.summary());
  }

  /**
   * The start-up line in Indonesian: which votes get reminders at which local hours and the next
   * one, or that the calendar holds no upcoming vote and how to add one.
   */
  summary(): string {
    const now = this.options.now();
    const upcoming = this.#calendar.ahead(localDay(now, "WIB"));
    if (upcoming.length === 0) {
      return (
        "Pengingat: belum ada jadwal pemungutan suara berikutnya di kalender, jadi tidak ada pengingat yang dijadwalkan. " +
        "Tambahkan pemungutan suara ke knowledge/kalender.yaml (lihat README, \"Menjelang pemilu berikutnya\"), periksa dengan npm run kb:check, lalu kirim /muatulang atau mulai ulang bot."
      );
    }
    const votes = upcoming.map((v) => `${v.name} (${formatDay(votingDay(v))}, ${scopeLabel(v.scope)})`).join("; ");
    const times = this.#templates.map((t) => `${templateLabel(t)} ${t.time.replace(":", ".")}`).join(", ");
    const next = this.#plan.find((slot) => slot.at > now);
    return (
      `Pengingat dijadwalkan untuk ${upcoming.length} pemungutan suara: ${votes}. Jam: ${times} waktu setempat (WIB/WITA/WIT). ` +
      (next ? `Berikutnya ${dayLabel(next.daysToVote)} ${next.vote.name}, ${formatLocalTime(next.at, next.timezone)}.` : "Semua pengingat sudah lewat.")
    );
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

  /** The next reminder a chat gets, for the settings screens. */
  next(target: PlanTarget): ReminderSlot | undefined {
    return nextSlot(this.#plan, target, this.options.now());
  }

  /** Evaluates every due slot now; ticks never overlap (a second call waits for the first). */
  tick(): Promise<void> {
    this.#queue = this.#queue.then(() => this.#evaluate()).catch((error: unknown) => this.options.logger.error({ message: (error as Error)?.message }, "reminder tick failed"));
    return this.#queue;
  }

  #makePlan(): void {
    const since = new Date(this.options.now().getTime() - PLAN_LOOKBACK_MS);
    this.#plan = reminderPlan(this.#calendar.votes, this.#templates, since);
  }

  async #evaluate(): Promise<void> {
    if (this.#stopped || !(await this.leads())) return;
    const now = this.options.now();
    const plan = this.#plan;
    for (const slot of plan) {
      if (this.#stopped || slot.at > now) return;
      if (!(await this.#ledger.get(slot.key, slot.timezone))) await this.#handle(plan, slot, now);
    }
  }

  async #handle(plan: ReminderSlot[], slot: ReminderSlot, now: Date): Promise<void> {
    const { chats, logger, concurrency = 4 } = this.options;
    const job = slot.key;
    const snapshot = await chats.snapshot();
    const linkedIds = (chatId: number) => snapshot.linkedIds(chatId);
    const pending: number[] = [];
    for (const chat of snapshot.reminderTargets(slot.timezone).filter((c) => receives(plan, c, slot))) {
      if (!(await this.#ledger.settled(job, linkedIds(chat.id)))) pending.push(chat.id);
    }
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
      send: (chatId, attempt) => this.options.send(slot, chatId, this.#abort.signal, attempt),
      concurrency,
      linkedIds,
      stopped: () => this.#stopped,
    });
  }
}
