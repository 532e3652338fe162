import { describe, expect, it } from "vitest";
import { ChatRegistry } from "../../../src/core/broadcast/chats.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";
import { tempStore } from "./support.ts";

const now = () => new Date("2026-11-01T00:00:00Z");

describe("chat registry", () => {
  it("registers a group with WIB and reminders on, a private chat with reminders off", async () => {
    const { store } = await tempStore();
    const chats = new ChatRegistry(store, now);
    expect(chats.register(-1, "group", "Grup A")).toMatchObject({ id: -1, type: "group", title: "Grup A", active: true, timezone: "WIB", reminders: true });
    expect(chats.register(5, "private", "Nama Orang")).toMatchObject({ type: "private", reminders: false });
    expect(chats.get(5)?.title).toBeUndefined();
    await store.close();
  });

  it("keeps a group's settings when it removes and re-adds the bot", async () => {
    const { store } = await tempStore();
    const chats = new ChatRegistry(store, now);
    chats.register(-1, "group", "Grup A");
    chats.update(-1, { province: "Maluku", timezone: "WIT", reminders: false });
    expect(chats.deactivate(-1)).toBe(true);
    expect(chats.deactivate(-1)).toBe(false);
    expect(chats.reminderTargets("WIT")).toHaveLength(0);
    expect(chats.register(-1, "group", "Grup A")).toMatchObject({ active: true, province: "Maluku", timezone: "WIT", reminders: false });
    await store.close();
  });

  it("moves a migrated group to its new id and links both ids", async () => {
    const { dir, store } = await tempStore();
    const chats = new ChatRegistry(store, now);
    chats.register(-1, "group", "Grup A");
    chats.update(-1, { province: "Bali", timezone: "WITA", kabupaten: "Kabupaten Badung" });
    chats.migrate(-1, -1001);
    expect(chats.get(-1001)).toMatchObject({ id: -1001, type: "supergroup", active: true, province: "Bali", timezone: "WITA", kabupaten: "Kabupaten Badung" });
    expect(chats.get(-1)).toMatchObject({ active: false, migratedTo: -1001 });
    expect(chats.currentId(-1)).toBe(-1001);
    expect(chats.linkedIds(-1001).sort((a, b) => a - b)).toEqual([-1001, -1]);
    expect(chats.groups().map((c) => c.id)).toEqual([-1001]);
    await store.close();
    // The link survives a restart (the ledger relies on it).
    const again = await LowdbStore.open(dir);
    expect(new ChatRegistry(again, now).linkedIds(-1001).sort((a, b) => a - b)).toEqual([-1001, -1]);
    await again.close();
  });

  it("filters broadcast targets by zone or province, groups only", async () => {
    const { store } = await tempStore();
    const chats = new ChatRegistry(store, now);
    chats.register(-1, "group");
    chats.register(-2, "supergroup");
    chats.update(-2, { province: "Papua", timezone: "WIT" });
    chats.register(7, "private");
    chats.update(7, { reminders: true });
    expect(chats.groups().map((c) => c.id).sort((a, b) => a - b)).toEqual([-2, -1]);
    expect(chats.groups({ timezone: "WIT" }).map((c) => c.id)).toEqual([-2]);
    expect(chats.groups({ province: "Papua" }).map((c) => c.id)).toEqual([-2]);
    expect(chats.reminderTargets("WIB").map((c) => c.id).sort((a, b) => a - b)).toEqual([-1, 7]);
    await store.close();
  });
});
