import type { Logger } from "pino";
import type { Records, SharedStore } from "../../storage/shared-store.ts";
import type { ChatFilter, ChatRegistry } from "./chats.ts";
import { deliverAll, tally, type Tally } from "./deliver.ts";
import { abandonOn, DeliveryLedger, type LedgerEntry, type Outcome, type SendAttempt } from "./ledger.ts";

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
  store: SharedStore;
  /** This instance's name in delivery claims. */
  holder: string;
  /** See `CLAIM_MS`; 0 on a single instance, where a claim never needs to outlive its process. */
  claimMs?: number;
  /** How often to look for broadcasts another instance started, to help send them. */
  pollMs?: number;
  chats: ChatRegistry;
  now: () => Date;
  /** Real elapsed time, to space progress reports. */
  clock: Monotonic;
  logger: Logger;
  /** Sends the content to one chat (grammY side: src/bot/delivery.ts). */
  send: (content: BroadcastContent, chatId: number, signal: AbortSignal, attempt: SendAttempt) => Promise<Outcome>;
  /** Shows progress to the admin; called every `progressEveryMs` while sending and once at the end. */
  report?: (job: BroadcastJob, counts: Tally) => Promise<void>;
  concurrency?: number;
  progressEveryMs?: number;
};

/**
 * Admin broadcasts as durable jobs: the job (`broadcasts`), its target list (`broadcast-targets`,
 * fixed when sending starts, so the count in the preview is the count sent) and a delivery ledger
 * per (broadcast, chat) (`broadcast-deliveries`). Every instance sending a `running` job claims
 * chats one by one, so several instances share the work without sending any chat twice; a job
 * still `running` is resumed at start-up and picked up by the others while they run, so a crash —
 * even `kill -9` — never repeats a group and skips none that was not already on its way (those,
 * at most one per send in flight, are counted `unconfirmed`: "belum pasti").
 */
export class BroadcastService {
  readonly #jobs: Records<BroadcastJob>;
  readonly #targets: Records<number[]>;
  readonly #ledger: DeliveryLedger;
  readonly #running = new Map<string, Promise<void>>();
  readonly #reporting = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  #closing = false;
  #poller: NodeJS.Timeout | undefined;

  constructor(private readonly options: BroadcastServiceOptions) {
    const { store, now } = options;
    this.#jobs = store.records<BroadcastJob>("broadcasts");
    this.#targets = store.records<number[]>("broadcast-targets");
    this.#ledger = new DeliveryLedger(store.records<LedgerEntry>("broadcast-deliveries"), now, options.holder, options.claimMs);
  }

  /** A new draft for the preview; nothing is sent until `start`. */
  draft(content: BroadcastContent): Promise<BroadcastJob> {
    const now = this.options.now();
    const id = `${now.getTime().toString(36)}${Math.floor(Math.random() * 36 ** 2).toString(36).padStart(2, "0")}`;
    return this.#save({ id, status: "draft", content, filter: {}, createdAt: now.toISOString() });
  }

  /** A job by id (from a button or `/siaran status`). */
  get(id: string): Promise<BroadcastJob | undefined> {
    return this.#jobs.get(id);
  }

  /** Newest first. */
  async list(): Promise<BroadcastJob[]> {
    return (await this.#jobs.list()).map(([, job]) => job).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The chat ids a filter reaches now: active groups only (private subscribers get reminders, not broadcasts). */
  async targets(filter: ChatFilter): Promise<number[]> {
    return (await this.options.chats.groups(filter)).map((c) => c.id);
  }

  /** Changes the audience of a draft; running or finished jobs keep theirs. */
  setFilter(id: string, filter: ChatFilter): Promise<BroadcastJob | undefined> {
    return this.#change(id, (job) => (job.status === "draft" ? { ...job, filter } : undefined));
  }

  /** "Batal" on a preview: nothing was sent and nothing will be. */
  cancel(id: string): Promise<BroadcastJob | undefined> {
    return this.#change(id, (job) => (job.status === "draft" ? { ...job, status: "cancelled" } : undefined));
  }

  /** Fixes the targets and starts sending; a second press on "Kirim" (on any instance) finds the job no longer a draft. */
  async start(id: string, progress?: BroadcastJob["progress"]): Promise<StartResult> {
    const job = await this.get(id);
    if (job?.status !== "draft") return { ok: false, reason: "not-draft", job };
    const targets = await this.targets(job.filter);
    if (targets.length === 0) return { ok: false, reason: "no-targets", job };
    await this.#targets.set(id, targets);
    const startedAt = this.options.now().toISOString();
    const running = await this.#change(id, (current) => (current.status === "draft" ? { ...current, status: "running", startedAt, ...(progress ? { progress } : {}) } : undefined));
    if (!running) return { ok: false, reason: "not-draft", job: await this.get(id) };
    this.options.logger.info({ broadcast: id, targets: targets.length }, "broadcast started");
    this.#launch(running);
    return { ok: true, job: running };
  }

  /** Stops a running job after the calls in flight; stored at once, so no instance resumes it. */
  stop(id: string): Promise<BroadcastJob | undefined> {
    return this.#change(id, (job) => (job.status === "running" ? { ...job, status: "stopped" } : undefined));
  }

  /** Joins every running job this instance is not sending yet: left by a previous process, or started on another instance. */
  async resume(): Promise<number> {
    if (this.#closing) return 0;
    const jobs = (await this.list()).filter((j) => j.status === "running" && !this.#running.has(j.id));
    for (const job of jobs) {
      this.options.logger.info({ broadcast: job.id, pending: (await this.tally(job.id)).pending }, "broadcast resumed or joined");
      this.#launch(job);
    }
    return jobs.length;
  }

  /** Resumes now, then keeps looking for jobs other instances start (`pollMs`). */
  watch(): void {
    const resume = () => void this.resume().catch((error: unknown) => this.options.logger.warn({ message: (error as Error)?.message }, "broadcast resume failed"));
    resume();
    if (this.options.pollMs) this.#poller ??= setInterval(resume, this.options.pollMs).unref();
  }

  /** Live counts from the ledger. */
  async tally(id: string): Promise<Tally> {
    const [targets, entries, chats] = await Promise.all([this.#targets.get(id), this.#ledger.job(id), this.options.chats.snapshot()]);
    return tally(targets ?? [], entries, (chatId) => chats.linkedIds(chatId), this.#ledger);
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
    clearInterval(this.#poller);
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
    const snapshot = await chats.snapshot();
    await deliverAll({
      job: job.id,
      targets: (await this.#targets.get(job.id)) ?? [],
      ledger: this.#ledger,
      send: (chatId, attempt) => this.options.send(job.content, chatId, this.#abort.signal, attempt),
      concurrency,
      linkedIds: (chatId) => snapshot.linkedIds(chatId),
      // Shutdown is looked at after the read, so a send never starts once close() has begun.
      stopped: async () => (await this.get(job.id))?.status !== "running" || this.#closing,
      onOutcome: () => {
        if (clock.now() - lastReport < progressEveryMs) return;
        lastReport = clock.now();
        void this.#report(job.id);
      },
    });
    if (this.#closing) return;
    const summary = await this.tally(job.id);
    const finishedAt = this.options.now().toISOString();
    // Every instance sending the job gets here; the one whose write closes it reports the summary.
    const finished = await this.#change(job.id, (current) => (current.summary ? undefined : { ...current, status: current.status === "stopped" ? "stopped" : "done", finishedAt, summary }));
    if (!finished) return;
    this.options.logger.info({ broadcast: job.id, status: finished.status, ...summary }, "broadcast finished");
    await this.#reporting.get(job.id);
    await this.#report(job.id);
  }

  /** At most one progress report per job at a time; a slow edit never delays the sending. */
  #report(id: string): Promise<void> {
    const { report } = this.options;
    if (!report || this.#reporting.has(id)) return this.#reporting.get(id) ?? Promise.resolve();
    const done = this.get(id)
      .then(async (job) => job && report(job, job.summary ?? (await this.tally(id))))
      .catch((error: unknown) => this.options.logger.warn({ broadcast: id, message: (error as Error)?.message }, "broadcast progress not shown"))
      .finally(() => this.#reporting.delete(id));
    this.#reporting.set(id, done);
    return done;
  }

  async #save(job: BroadcastJob): Promise<BroadcastJob> {
    await this.#jobs.set(job.id, job);
    return job;
  }

  /** One atomic change of a job (instances may press buttons on the same job); undefined when refused. */
  async #change(id: string, change: (job: BroadcastJob) => BroadcastJob | undefined): Promise<BroadcastJob | undefined> {
    const { value, changed } = await this.#jobs.update(id, (job) => job && change(job));
    return changed ? value : undefined;
  }
}
