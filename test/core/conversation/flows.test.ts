import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ActiveFlows, CONFIDENTIAL_MS, STARTUP_QUIET_MS } from "../../../src/core/conversation/flows.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";

describe("ActiveFlows", () => {
  it("starting one flow closes the others and says which were open", async () => {
    const store = await LowdbStore.open(fs.mkdtempSync(path.join(os.tmpdir(), "flows-")));
    const open = new Set(["pledge:7", "report:7"]);
    const flows = new ActiveFlows(() => new Date(), store.collection("flows"));
    for (const name of ["pledge", "report", "handoff"]) flows.register(name, (chat) => open.delete(`${name}:${chat}`));
    expect(flows.begin(7, "handoff").sort()).toEqual(["pledge", "report"]);
    expect(flows.begin(7, "pledge")).toEqual([]);
    expect(() => flows.begin(7, "nonexistent")).toThrow();
    await store.close();
  });

  it("keeps confidential chats' texts out for a day, and every private text after a start that may have lost a draft", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flows-"));
    let now = new Date("2026-11-20T03:00:00Z");
    const clock = () => now;
    let store = await LowdbStore.open(dir);
    let flows = new ActiveFlows(clock, store.collection("flows"));
    flows.register("report", () => false, { confidential: true });
    expect(flows.mayKeepText(11)).toBe(true);
    flows.begin(11, "report");
    expect(flows.mayKeepText(11)).toBe(false);
    expect(flows.mayKeepText(12)).toBe(true);
    await store.close();

    store = await LowdbStore.open(dir); // the process restarted: who was reporting is unknown
    flows = new ActiveFlows(clock, store.collection("flows"));
    expect(flows.mayKeepText(12)).toBe(false);
    expect(flows.mayKeepText(-100123)).toBe(true); // groups are not where reports are written
    now = new Date(now.getTime() + STARTUP_QUIET_MS + 10 * 60_000);
    expect(flows.mayKeepText(12)).toBe(true);
    flows.touch(13);
    now = new Date(now.getTime() + CONFIDENTIAL_MS);
    expect(flows.mayKeepText(13)).toBe(true);
    await store.close();
  });
});
