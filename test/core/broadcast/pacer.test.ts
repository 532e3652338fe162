import { describe, expect, it } from "vitest";
import { Pacer } from "../../../src/core/broadcast/pacer.ts";
import { ManualClock } from "./support.ts";

/** `count` bulk sends Telegram accepts, `gapMs` apart, as the observer reports them. */
async function sendAccepted(pacer: Pacer, clock: ManualClock, count: number, gapMs: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await pacer.acquire();
    pacer.calling();
    pacer.accepted();
    clock.t += gapMs;
  }
}

describe("adaptive pacer", () => {
  it("does not slow anything down before Telegram answers 429", async () => {
    const clock = new ManualClock();
    const pacer = new Pacer(clock);
    await sendAccepted(pacer, clock, 100, 0);
    expect(clock.t).toBe(0);
    expect(pacer.rate).toBeUndefined();
  });

  it("after a 429 paces a little under the rate Telegram accepted in the last second", async () => {
    const clock = new ManualClock();
    const pacer = new Pacer(clock);
    await sendAccepted(pacer, clock, 30, 20);
    pacer.rateLimited();
    pacer.rateLimited(); // the other calls of the same burst do not slow it further
    expect(pacer.rate).toBeCloseTo(28.5, 1);
    await pacer.acquire();
    const start = clock.t;
    for (let i = 0; i < 30; i++) await pacer.acquire();
    expect(30 / ((clock.t - start) / 1000)).toBeCloseTo(28.5, 1);
  });

  it("ignores a 429 it did not cause (a busy chat, not the bulk rate)", async () => {
    const clock = new ManualClock();
    const pacer = new Pacer(clock);
    await sendAccepted(pacer, clock, 1, 0);
    pacer.rateLimited();
    expect(pacer.rate).toBeUndefined();
  });

  it("gives auto-retry's repeats (calls without acquire) a slot of their own", async () => {
    const clock = new ManualClock();
    const pacer = new Pacer(clock);
    await sendAccepted(pacer, clock, 20, 10);
    pacer.rateLimited();
    const interval = 1000 / pacer.rate!;
    clock.t += 5000;
    await pacer.acquire();
    pacer.calling();
    const start = clock.t;
    for (let i = 0; i < 4; i++) pacer.calling(); // four refused calls repeated at once
    await pacer.acquire();
    expect(clock.t - start).toBeCloseTo(5 * interval, 5);
  });

  it("creeps back up while no 429 comes", async () => {
    const clock = new ManualClock();
    const pacer = new Pacer(clock);
    await sendAccepted(pacer, clock, 20, 10);
    pacer.rateLimited();
    const slowed = pacer.rate!;
    clock.t += 10_000;
    await pacer.acquire();
    expect(pacer.rate).toBeCloseTo(slowed + 1, 5);
  });
});
