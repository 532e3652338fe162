import { setTimeout as sleep } from "node:timers/promises";

/**
 * Work that outlives the handler that started it: a webhook update acknowledged before it is
 * handled, a report relayed to reviewers after a random delay. Shutdown must not drop it, so
 * every task is tracked until it settles; `drain` ends the waiting of delayed tasks at once and
 * waits for all of them.
 */
export class BackgroundTasks {
  readonly #running = new Set<Promise<void>>();
  readonly #hurry = new AbortController();

  /** `onError` gets what a task threw: tasks have no caller left to tell. */
  constructor(readonly onError: (error: unknown) => void) {}

  /** Starts `task` now and tracks it; its error goes to `onError`, never unhandled. */
  run(task: () => Promise<unknown>): void {
    const running: Promise<void> = Promise.resolve()
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => this.onError(error),
      )
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** Waits `ms`, or less once shutdown began: delayed work is done early rather than lost. */
  async delay(ms: number): Promise<void> {
    if (this.#hurry.signal.aborted || ms <= 0) return;
    await sleep(ms, undefined, { signal: this.#hurry.signal, ref: false }).catch(() => undefined);
  }

  /** Tasks not yet settled. */
  get size(): number {
    return this.#running.size;
  }

  /** Resolves when no task is running (tasks started meanwhile included). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  /** Shutdown: delays end now; waits for every task, or until `grace` aborts. */
  async drain(grace?: AbortSignal): Promise<void> {
    this.#hurry.abort();
    if (!grace) return this.idle();
    const timedOut = new Promise<void>((resolve) => (grace.aborted ? resolve() : grace.addEventListener("abort", () => resolve(), { once: true })));
    await Promise.race([this.idle(), timedOut]);
  }
}
