import { describe, expect, it } from "vitest";
import { BackgroundTasks } from "../../src/core/background.ts";

describe("BackgroundTasks", () => {
  it("tracks tasks until they settle, hands their errors over, and ends delays early on drain", async () => {
    const errors: unknown[] = [];
    const tasks = new BackgroundTasks((error) => errors.push(error));
    const done: string[] = [];
    tasks.run(async () => {
      await tasks.delay(3600_000);
      done.push("delayed");
    });
    tasks.run(async () => {
      throw new Error("kaput");
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(tasks.size).toBe(1);
    expect(errors).toHaveLength(1);
    await tasks.drain(AbortSignal.timeout(5000));
    expect(done).toEqual(["delayed"]);
    expect(tasks.size).toBe(0);
  });

  it("stops waiting at the grace deadline when a task hangs", async () => {
    const tasks = new BackgroundTasks(() => undefined);
    tasks.run(() => new Promise(() => undefined));
    await tasks.drain(AbortSignal.timeout(50));
    expect(tasks.size).toBe(1);
  });
});
