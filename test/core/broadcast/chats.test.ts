import { afterAll, describe, expect, it } from "vitest";
import { ChatRegistry } from "../../../src/core/broadcast/chats.ts";
import { storeKinds } from "../../support/stores.ts";

const now = () => new Date("2026-11-01T00:00:00Z");
const ids = (chats: { id: number }[]) => chats.map((c) => c.id).sort((a, b) => a - b);

describe.each(storeKinds())("chat registry on $name", (kind) => {
  afterAll(() => kind.cleanUp());
  const open = async () => {
    const place = kind.place();
    const store = await place.open();
    return { place, store, chats: new ChatRegistry(store, now) };
  };

  it.skipIf(kind.skip)("registers a group with WIB and reminders on, a private chat with reminders off", async () => {
    const { store, chats } = await open();
    expect(await chats.register(-1, "group", "Grup A")).toMatchObject({ id: -1, type: "group", title: "Grup A", active: true, timezone: "WIB", reminders: true });
    expect(await chats.register(5, "private", "Nama Orang")).toMatchObject({ type: "private", reminders: false });
    expect((await chats.get(5))?.title).toBeUndefined();
    await store.close();
  });

  it.skipIf(kind.skip)("keeps a group's settings when it removes and re-adds the bot", async () => {
    const { store, chats } = await open();
    await chats.register(-1, "group", "Grup A");
    await chats.update(-1, { province: "Maluku", timezone: "WIT", reminders: false });
    expect(await chats.deactivate(-1)).toBe(true);
    expect(await chats.deactivate(-1)).toBe(false);
    expect((await chats.snapshot()).reminderTargets("WIT")).toHaveLength(0);
    expect(await chats.register(-1, "group", "Grup A")).toMatchObject({ active: true, province: "Maluku", timezone: "WIT", reminders: false });
    await store.close();
  });

  it.skipIf(kind.skip)("moves a migrated group to its new id and links both ids, also after a restart", async () => {
    const { place, store, chats } = await open();
    await chats.register(-1, "group", "Grup A");
    await chats.update(-1, { province: "Bali", timezone: "WITA", kabupaten: "Kabupaten Badung" });
    await chats.migrate(-1, -1001);
    expect(await chats.get(-1001)).toMatchObject({ id: -1001, type: "supergroup", active: true, province: "Bali", timezone: "WITA", kabupaten: "Kabupaten Badung" });
    expect(await chats.get(-1)).toMatchObject({ active: false, migratedTo: -1001 });
    expect(await chats.currentId(-1)).toBe(-1001);
    expect((await chats.snapshot()).linkedIds(-1001).sort((a, b) => a - b)).toEqual([-1001, -1]);
    expect(ids(await chats.groups())).toEqual([-1001]);
    await store.close();
    const again = await place.open();
    expect((await new ChatRegistry(again, now).snapshot()).linkedIds(-1001).sort((a, b) => a - b)).toEqual([-1001, -1]);
    await again.close();
  });

  it.skipIf(kind.skip)("filters broadcast targets by zone or province, groups only", async () => {
    const { store, chats } = await open();
    await chats.register(-1, "group");
    await chats.register(-2, "supergroup");
    await chats.update(-2, { province: "Papua", timezone: "WIT" });
    await chats.register(7, "private");
    await chats.update(7, { reminders: true });
    expect(ids(await chats.groups())).toEqual([-2, -1]);
    expect(ids(await chats.groups({ timezone: "WIT" }))).toEqual([-2]);
    expect(ids(await chats.groups({ province: "Papua" }))).toEqual([-2]);
    expect(ids((await chats.snapshot()).reminderTargets("WIB"))).toEqual([-1, 7]);
    await store.close();
  });
});
