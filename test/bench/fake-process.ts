/**
 * The fake Bot API in a child process, so a benchmark measures the bot's CPU, not the fake's
 * (Telegram is another machine, after all). Talks over IPC: push updates, read counters.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { FakeTelegram, type FakeTelegramOptions } from "../support/fake-telegram.ts";

type Request = { id: number; push?: Record<string, unknown>[]; count?: string; callsFrom?: number };

/** One Bot API call as the benchmarks read it: method, chat, HTTP status, when (ms since the epoch). */
export type CallRecord = { method: string; chat: number; status: number; at: number };

/** Handle for the parent side. */
export class FakeProcess {
  #next = 0;
  #pending = new Map<number, (value: any) => void>();
  private constructor(
    readonly child: ChildProcess,
    readonly apiRoot: string,
    readonly token: string,
  ) {
    child.on("message", (m: { id: number; result: unknown }) => {
      this.#pending.get(m.id)?.(m.result);
      this.#pending.delete(m.id);
    });
  }

  static async start(options: FakeTelegramOptions): Promise<FakeProcess> {
    const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const ready = await new Promise<{ apiRoot: string; token: string }>((resolve) => child.once("message", resolve));
    return new FakeProcess(child, ready.apiRoot, ready.token);
  }

  #ask<T>(request: Omit<Request, "id">): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve) => {
      this.#pending.set(id, resolve);
      this.child.send({ id, ...request });
    });
  }

  push(updates: Record<string, unknown>[]): Promise<void> {
    return this.#ask({ push: updates });
  }
  count(method: string): Promise<number> {
    return this.#ask({ count: method });
  }
  /** The calls the fake answered from index `from` on. */
  calls(from = 0): Promise<CallRecord[]> {
    return this.#ask({ callsFrom: from });
  }
  stop(): void {
    this.child.kill();
  }
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const fake = await FakeTelegram.start(JSON.parse(process.argv[2] ?? "{}") as FakeTelegramOptions);
  process.on("message", (m: Request) => {
    let result: unknown = null;
    if (m.push) for (const u of m.push) fake.push(u);
    if (m.count) result = fake.callsOf(m.count).filter((c) => c.status === 200).length;
    if (m.callsFrom !== undefined) result = fake.calls.slice(m.callsFrom).map((c): CallRecord => ({ method: c.method, chat: Number(c.payload.chat_id), status: c.status, at: c.at }));
    process.send!({ id: m.id, result });
  });
  process.send({ apiRoot: fake.apiRoot, token: fake.token });
}
