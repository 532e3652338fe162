import type { Logger } from "pino";
import type { InboundUpdate, InboundUpdates } from "../storage/shared-store.ts";
import type { BackgroundTasks } from "./background.ts";
import type { StateSecret } from "./reports/state-secret.ts";

/** A Telegram update as it arrives: only `update_id` is looked at here (and who and where, for ordering). */
export type IncomingUpdate = { update_id: number } & Record<string, unknown>;

export type IntakeOptions = {
  inbound: InboundUpdates;
  /** `STATE_SECRET`: seals the stored updates and turns chat and sender into an opaque ordering key. */
  secret: StateSecret;
  /** This instance's name in the claims. */
  holder: string;
  /** How long a claim holds without renewal: how soon another instance takes over a dead one's updates. */
  leaseMs: number;
  tasks: BackgroundTasks;
  logger: Logger;
  /** Handles one update (the bot; errors it throws go to the tasks' error handler). */
  handle: (update: IncomingUpdate) => Promise<void>;
  /** How often to look for updates whose holder died (tests shorten it). */
  recoverEveryMs?: number;
};

/** Looking for orphaned updates costs one small query; every two seconds keeps a takeover prompt. */
const RECOVER_EVERY_MS = 2000;

/** Keys taken over per query; a pass repeats until nothing is left. */
const RECOVER_KEYS = 200;

/**
 * Whose updates must keep their order: one sender in one chat (a form's answers, a report's
 * steps). Different people, even in one group, are handled side by side as before.
 */
function orderOf(update: IncomingUpdate): string {
  for (const [field, body] of Object.entries(update)) {
    if (field === "update_id" || typeof body !== "object" || body === null) continue;
    const part = body as { chat?: { id?: number }; message?: { chat?: { id?: number } }; from?: { id?: number }; user?: { id?: number } };
    const chat = part.chat?.id ?? part.message?.chat?.id;
    const from = part.from?.id ?? part.user?.id;
    if (chat !== undefined || from !== undefined) return `${chat ?? ""}:${from ?? ""}`;
  }
  return `update:${update.update_id}`;
}

/**
 * The durable intake of webhook mode: an update is stored (sealed) before Telegram gets its 200,
 * handled, then deleted, so an instance killed in between (SIGKILL, power loss of a container)
 * loses nothing it acknowledged: its claims run out and any instance, itself restarted included,
 * handles what it left, one sender's updates in a chat in `update_id` order. Telegram repeating an
 * update finds it stored and is not handled twice. What may repeat is the handling of an update
 * whose instance died mid-way (its reply may have gone out already): at least once, never lost.
 */
export class UpdateIntake {
  /** Updates this instance is handling: their claims are renewed until they are deleted. */
  readonly #handling = new Set<number>();
  #recoverer: NodeJS.Timeout | undefined;
  #renewer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly options: IntakeOptions) {}

  /**
   * Stores the update and starts handling it in the background; resolves once it is stored, so
   * the caller may acknowledge it. Rejects when storing failed (the caller answers an error and
   * Telegram sends the update again).
   */
  async accept(update: IncomingUpdate): Promise<void> {
    const { inbound, secret, holder, leaseMs } = this.options;
    const id = update.update_id;
    const key = secret.keyOf("intake", orderOf(update));
    const { stored, behind } = await inbound.receive({ id, key, sealed: secret.seal(update) }, holder, leaseMs);
    if (!stored) return;
    // An older update of the same sender waits: whoever finishes that one takes this one next.
    if (behind) return inbound.release(id);
    this.#handling.add(id);
    this.options.tasks.run(() => this.#handle(id, key, update));
  }

  /** Takes over what a dead instance left, now and every few seconds, and keeps this one's claims alive. */
  start(): void {
    const { leaseMs, recoverEveryMs = RECOVER_EVERY_MS } = this.options;
    this.#recover();
    this.#recoverer = setInterval(() => this.#recover(), recoverEveryMs).unref();
    this.#renewer = setInterval(() => void this.#renew(), leaseMs / 3).unref();
  }

  /** Shutdown, first step: no more takeovers (updates being handled keep their claims). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#recoverer);
    await this.#pass;
  }

  /** Shutdown, last step (after the handlers drained): what is still unhandled is left to the others. */
  close(): void {
    clearInterval(this.#renewer);
  }

  async #renew(): Promise<void> {
    const { inbound, holder, leaseMs, logger } = this.options;
    await inbound.renew(holder, [...this.#handling], leaseMs).catch((error: unknown) => logger.warn({ message: (error as Error)?.message }, "update claims not renewed"));
  }

  /** Handles one update and deletes it, even when its handler failed: a poisonous update must not return forever. */
  async #handle(id: number, key: string, update: IncomingUpdate): Promise<void> {
    this.#handling.add(id);
    let failure: { error: unknown } | undefined;
    try {
      await this.options.handle(update);
    } catch (error) {
      failure = { error };
    }
    await this.#forget(id, key);
    if (failure) throw failure.error;
  }

  /** Deletes a handled update; takes over the next ones of its key that waited behind it. */
  async #forget(id: number, key: string): Promise<void> {
    try {
      if (await this.options.inbound.done(id)) this.options.tasks.run(() => this.#takeOver(key));
    } finally {
      this.#handling.delete(id);
    }
  }

  /** One recovery pass at a time, repeated until nothing is left to take over. */
  #recover(): void {
    if (this.#stopped || this.#pass) return;
    this.#pass = (async () => {
      while (!this.#stopped && (await this.#takeOver()) > 0);
    })()
      .catch((error: unknown) => this.options.logger.warn({ message: (error as Error)?.message }, "stored updates not recovered"))
      .finally(() => (this.#pass = undefined));
  }

  /** Claims free updates (of `key`, or any) and handles each key's in order; returns how many were taken. */
  async #takeOver(key?: string): Promise<number> {
    const { inbound, holder, leaseMs, tasks } = this.options;
    const updates = await inbound.recover(holder, leaseMs, RECOVER_KEYS, key);
    const byKey = new Map<string, InboundUpdate[]>();
    for (const update of updates) {
      this.#handling.add(update.id);
      byKey.set(update.key, [...(byKey.get(update.key) ?? []), update]);
    }
    for (const chain of byKey.values()) {
      tasks.run(async () => {
        for (const stored of chain) await this.#handleStored(stored);
      });
    }
    return updates.length;
  }

  async #handleStored(stored: InboundUpdate): Promise<void> {
    const update = this.options.secret.open<IncomingUpdate>(stored.sealed);
    if (update) return this.#handle(stored.id, stored.key, update).catch(this.options.tasks.onError);
    // Sealed with another secret (STATE_SECRET unset, so random per process, or changed): unreadable for good.
    this.options.logger.warn("a stored update could not be opened (STATE_SECRET unset or changed) and is dropped");
    await this.#forget(stored.id, stored.key);
  }
}
