import type { Logger } from "pino";
import type { Collection, Store } from "../../storage/store.ts";
import type { ChatFilter, ChatRegistry } from "./chats.ts";
import { deliverAll, tally, type Tally } from "./deliver.ts";
import { abandonOn, DeliveryLedger, type LedgerEntry, type Outcome } from "./ledger.ts";

/** Real elapsed time (injected: the business clock `now` may be frozen in tests). */
export type Monotonic = { now: () => number };

/**
 * What an admin broadcasts: a text typed after `/siaran` (with its formatting entities, kept
 * framework-free), or any message copied from the admin's chat (photo, document, ...).
 */
export type BroadcastContent =
  | { kind: "text"; text: string; entities?: Record<string, unknown>[] }
  | { kind: "copy"; fromChatId: number; messageId: number };

/** `draft` = shown as a preview; `running` jobs are resumed at start-up. */
export type BroadcastStatus = "draft" | "cancelled" | "running" | "stopped" | "done";

/** One broadcast as stored, from preview to summary. */
export type BroadcastJob = {
  id: string;
  status: BroadcastStatus;
  content: BroadcastContent;
  filter: ChatFilter;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** The progress message in the admin's chat, edited while sending (also after a restart). */
  progress?: { chatId: number; messageId: number };
  /** Final counts, kept when the job ends so `/siaran status` needs no ledger scan. */
  summary?: Tally;
};

/** Why "Kirim" did not start anything (pressed twice, or nobody to send to). */
export type StartResult = { ok: true; job: BroadcastJob } | { ok: false; reason: "not-draft" | "no-targets"; job?: BroadcastJob };

/** What the service needs; the grammY side is injected as `send` and `report`. */
export type BroadcastServiceOptions = {
  store: Store;
  chats: ChatRegistry;
  now: () => Date;
  /** Real elapsed time, to space progress reports. */
  clock: Monotonic;
  logger: Logger;
  /** Sends the content to one chat (grammY side: src/bot/delivery.ts). */
  send: (content: BroadcastContent, chatId: number, signal: AbortSignal) => Promise<Outcome>;
  /** Shows progress to the admin; called every `progressEveryMs` while sending and once at the end. */
  report?: (job: BroadcastJob, counts: Tally) => Promise<void>;
  concurrency?: number;
  progressEveryMs?: number;
};

/**
 * Admin broadcasts as durable jobs: the job (log collection `broadcasts`), its target list
 * (`broadcast-targets`, fixed when sending starts, so the count in the preview is the count sent)
 * and a delivery ledger per (broadcast, chat) (`broadcast-deliveries`). A job still `running` at
 * start-up is resumed from the ledger, so a restart — even `kill -9` — neither skips nor repeats
 * a group (except the one message that was in flight).
 */
export class BroadcastService {
  readonly #jobs: Collection<BroadcastJob>;
  readonly #targets: Collection<number[]>;
  readonly #ledger: DeliveryLedger;
  readonly #running = new Map<string, Promise<void>>();
  readonly #reporting = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  #closing = false;

  constructor(private readonly options: BroadcastServiceOptions) {
    const { store, now } = options;
    this.#jobs = store.collection<BroadcastJob>("broadcasts", { log: true });
    this.#targets = store.collection<number[]>("broadcast-targets", { log: true });
    this.#ledger = new DeliveryLedger(store.collection<LedgerEntry>("broadcast-deliveries", { log: true }), now);
  }

  /** A new draft for the preview; nothing is sent until `start`. */
  draft(content: BroadcastContent): BroadcastJob {
    const now = this.options.now();
    const id = `${now.getTime().toString(36)}${Math.floor(Math.random() * 36 ** 2).toString(36).padStart(2, "0")}`;
    return this.#save({ id, status: "draft", content, filter: {}, createdAt: now.toISOString() });
  }

  /** A job by id (from a button or `/siaran status`). */
  get(id: string): BroadcastJob | undefined {
    return this.#jobs.get(id);
  }

  /** Newest first. */
  list(): BroadcastJob[] {
    return this.#jobs.values().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The chat ids a filter reaches now: active groups only (private subscribers get reminders, not broadcasts). */
  targets(filter: ChatFilter): number[] {
    return this.options.chats.groups(filter).map((c) => c.id);
  }

  /** Changes the audience of a draft; running or finished jobs keep theirs. */
  setFilter(id: string, filter: ChatFilter): BroadcastJob | undefined {
    const job = this.get(id);
    return job?.status === "draft" ? this.#save({ ...job, filter }) : undefined;
  }

  /** "Batal" on a preview: nothing was sent and nothing will be. */
  cancel(id: string): BroadcastJob | undefined {
    const job = this.get(id);
    return job?.status === "draft" ? this.#save({ ...job, status: "cancelled" }) : undefined;
  }

  /** Fixes the targets and starts sending; a second press on "Kirim" finds the job no longer a draft. */
  start(id: string, progress?: BroadcastJob["progress"]): StartResult {
    const job = this.get(id);
    if (job?.status !== "draft") return { ok: false, reason: "not-draft", job };
    const targets = this.targets(job.filter);
    if (targets.length === 0) return { ok: false, reason: "no-targets", job };
    this.#targets.set(id, targets);
    const running = this.#save({ ...job, status: "running", startedAt: this.options.now().toISOString(), ...(progress ? { progress } : {}) });
    this.options.logger.info({ broadcast: id, targets: targets.length }, "broadcast started");
    this.#launch(running);
    return { ok: true, job: running };
  }

  /** Stops a running job after the calls in flight; stored at once, so a crash now does not resume it. */
  stop(id: string): BroadcastJob | undefined {
    const job = this.get(id);
    return job?.status === "running" ? this.#save({ ...job, status: "stopped" }) : undefined;
  }

  /** Resumes every job a previous process left running. */
  resume(): number {
    const jobs = this.#jobs.values().filter((j) => j.status === "running" && !this.#running.has(j.id));
    for (const job of jobs) {
      this.options.logger.info({ broadcast: job.id, pending: this.tally(job.id).pending }, "broadcast resumed after restart");
      this.#launch(job);
    }
    return jobs.length;
  }

  /** Live counts from the ledger. */
  tally(id: string): Tally {
    return tally(id, this.#targets.get(id) ?? [], this.#ledger, (chatId) => this.options.chats.linkedIds(chatId));
  }

  /** Resolves when no job is sending (tests, the benchmark). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running.values()]);
  }

  /**
   * Shutdown: no new sends; the calls in flight finish and are recorded (so a clean restart repeats
   * nothing) unless `abandon` fires first (e.g. a call waiting out a long `retry_after`), and jobs
   * stay `running`, to be resumed by the next start.
   */
  async close(abandon?: AbortSignal): Promise<void> {
    this.#closing = true;
    abandonOn(abandon, this.#abort);
    await Promise.all([...this.#running.values(), ...this.#reporting.values()]);
  }

  #launch(job: BroadcastJob): void {
    const run = this.#run(job)
      .catch((error: unknown) => this.options.logger.error({ broadcast: job.id, message: (error as Error)?.message }, "broadcast failed"))
      .finally(() => this.#running.delete(job.id));
    this.#running.set(job.id, run);
  }

  async #run(job: BroadcastJob): Promise<void> {
    const { chats, clock, concurrency = 4, progressEveryMs = 3000 } = this.options;
    // The progress display (again after a restart) is not awaited: the first groups must not wait for an edit.
    void this.#report(job.id);
    let lastReport = clock.now();
    await deliverAll({
      job: job.id,
      targets: this.#targets.get(job.id) ?? [],
      ledger: this.#ledger,
      send: (chatId) => this.options.send(job.content, chatId, this.#abort.signal),
      concurrency,
      linkedIds: (chatId) => chats.linkedIds(chatId),
      stopped: () => this.#closing || this.get(job.id)?.status !== "running",
      onOutcome: () => {
        if (clock.now() - lastReport < progressEveryMs) return;
        lastReport = clock.now();
        void this.#report(job.id);
      },
    });
    if (this.#closing) return;
    const current = this.get(job.id) ?? job;
    const summary = this.tally(job.id);
    const finished = this.#save({ ...current, status: current.status === "stopped" ? "stopped" : "done", finishedAt: this.options.now().toISOString(), summary });
    this.options.logger.info({ broadcast: job.id, status: finished.status, ...summary }, "broadcast finished");
    await this.#reporting.get(job.id);
    await this.#report(job.id);
  }

  /** At most one progress report per job at a time; a slow edit never delays the sending. */
  #report(id: string): Promise<void> {
    const { report } = this.options;
    const job = this.get(id);
    if (!report || !job || this.#reporting.has(id)) return this.#reporting.get(id) ?? Promise.resolve();
    const done = report(job, job.summary ?? this.tally(id))
      .catch((error: unknown) => this.options.logger.warn({ broadcast: id, message: (error as Error)?.message }, "broadcast progress not shown"))
      .finally(() => this.#reporting.delete(id));
    this.#reporting.set(id, done);
    return done;
  }

  #save(job: BroadcastJob): BroadcastJob {
    this.#jobs.set(job.id, job);
    return job;
  }
}
