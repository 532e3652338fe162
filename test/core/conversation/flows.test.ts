import { afterAll, describe, expect, it } from "vitest";
import { ActiveFlows, CONFIDENTIAL_MS, STARTUP_QUIET_MS } from "../../../src/core/conversation/flows.ts";
import { StateSecret } from "../../../src/core/reports/state-secret.ts";
import { storeKinds } from "../../support/stores.ts";

describe.each(storeKinds())("ActiveFlows on $name", (kind) => {
  afterAll(() => kind.cleanUp());

  it.skipIf(kind.skip)("starting one flow closes the others and says which were open", async () => {
    const store = await kind.place().open();
    const open = new Set(["pledge:7", "report:7"]);
    const flows = await ActiveFlows.open(() => new Date(), store, new StateSecret());
    for (const name of ["pledge", "report", "handoff"]) flows.register(name, (chat) => open.delete(`${name}:${chat}`));
    expect((await flows.begin(7, "handoff")).sort()).toEqual(["pledge", "report"]);
    expect(await flows.begin(7, "pledge")).toEqual([]);
    await expect(flows.begin(7, "nonexistent")).rejects.toThrow();
    await store.close();
  });

  it.skipIf(kind.skip)("keeps confidential chats' texts out for a day (on every instance), and every private text after a start that may have lost a draft", async () => {
    const place = kind.place();
    let now = new Date("2026-11-20T03:00:00Z");
    const clock = () => now;
    const secret = new StateSecret("s".repeat(32));
    let store = await place.open(() => now.getTime());
    let flows = await ActiveFlows.open(clock, store, secret);
    flows.register("report", () => false, { confidential: true });
    expect(await flows.mayKeepText(11)).toBe(true);
    await flows.begin(11, "report");
    expect(await flows.mayKeepText(11)).toBe(false);
    expect(await flows.mayKeepText(12)).toBe(true);
    await store.close();

    store = await place.open(() => now.getTime()); // the process restarted: who was reporting is unknown
    flows = await ActiveFlows.open(clock, store, secret);
    expect(await flows.mayKeepText(12)).toBe(false);
    expect(await flows.mayKeepText(-100123)).toBe(true); // groups are not where reports are written
    now = new Date(now.getTime() + STARTUP_QUIET_MS + 10 * 60_000);
    expect(await flows.mayKeepText(12)).toBe(true);
    await flows.touch(13);
    expect(await flows.mayKeepText(13)).toBe(false);
    now = new Date(now.getTime() + CONFIDENTIAL_MS);
    expect(await flows.mayKeepText(13)).toBe(true);
    await store.close();
  });
});
