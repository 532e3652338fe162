import { afterAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/core/knowledge/load.ts";
import { PledgeService, type PledgeInput } from "../../../src/core/pledge/service.ts";
import { storeKinds } from "../../support/stores.ts";

const knowledge = loadKnowledge("knowledge");

function input(n: number, fields: Partial<PledgeInput> = {}): PledgeInput {
  return { userId: String(n), nipHash: `hash-${n}`, nipLast4: String(1000 + n).slice(-4), name: `Pegawai ${n}`, agency: "Pemerintah Kabupaten Lembata", unit: "Dinas Pendidikan", province: "Nusa Tenggara Timur", regency: "Kabupaten Lembata", ...fields };
}

describe.each(storeKinds())("pledge service on $name", (kind) => {
  let now = new Date("2026-11-20T03:00:00Z");
  type Place = ReturnType<typeof kind.place>;
  const open = async (place: Place) => {
    const store = await place.open(() => now.getTime());
    return { store, service: new PledgeService(store, { secret: "s".repeat(32), now: () => now, regions: knowledge.regions }) };
  };
  const tempDir = () => kind.place();
  afterAll(() => kind.cleanUp());

  it.skipIf(kind.skip)("refuses a second pledge by account or by NIP, also after a reopen", async () => {
    const dir = tempDir();
    let { store, service } = await open(dir);
    const first = await service.add(input(1));
    expect(first.ok).toBe(true);
    const receipt = first.ok ? first.pledge.receipt : "";
    expect(receipt).toMatch(/^IKR-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await service.add(input(1, { nipHash: "other" }))).toMatchObject({ ok: false, reason: "user" });
    expect(await service.add(input(2, { nipHash: "hash-1" }))).toMatchObject({ ok: false, reason: "nip", existing: { receipt } });
    await store.close();

    ({ store, service } = await open(dir));
    expect((await service.byUser("1"))?.receipt).toBe(receipt);
    expect((await service.byNipHash("hash-1"))?.receipt).toBe(receipt);
    expect((await service.byReceipt(receipt.toLowerCase().replace(/-/g, "")))?.name).toBe("Pegawai 1");
    expect(await service.add(input(2, { nipHash: "hash-1" }))).toMatchObject({ ok: false, reason: "nip" });
    await store.close();
  });

  it.skipIf(kind.skip)("remembers the pledger's seed region for answer ranking and forgets it on delete", async () => {
    const { store, service } = await open(tempDir());
    await service.add(input(1, { regency: "Lembata" }));
    await service.add(input(2, { regency: "Kota Kupang" }));
    await service.add(input(3, { province: "Maluku", regency: "Lembata" }));
    expect(await service.regionOf("1")).toBe("lembata");
    expect(await service.regionOf("2")).toBeUndefined();
    expect(await service.regionOf("3")).toBeUndefined();
    expect((await service.remove("1"))?.userId).toBe("1");
    expect(await service.regionOf("1")).toBeUndefined();
    expect(await service.byUser("1")).toBeUndefined();
    expect((await service.add(input(1))).ok).toBe(true);
    await store.close();
  });

  it.skipIf(kind.skip)("counts per day (WIB), agency and region, with the rest summed", async () => {
    const { store, service } = await open(tempDir());
    now = new Date("2026-11-19T16:59:00Z"); // 23:59 WIB on the 19th
    await service.add(input(1));
    now = new Date("2026-11-19T17:00:00Z"); // 00:00 WIB on the 20th
    for (let i = 2; i <= 13; i++) await service.add(input(i, { agency: i <= 4 ? "pemerintah  kabupaten LEMBATA" : `Instansi ${i}` }));
    const stats = await service.statistics(3);
    expect(stats.total).toBe(13);
    expect(stats.today).toEqual({ day: "2026-11-20", count: 12 });
    expect(stats.days.map((d) => d.count)).toEqual([0, 0, 0, 0, 0, 1, 12]);
    expect(stats.agencies.top[0]).toMatchObject({ label: "Pemerintah Kabupaten Lembata", count: 4 });
    expect(stats.agencies.top).toHaveLength(3);
    expect(stats.agencies.others).toEqual({ groups: 7, count: 7 });
    expect(stats.regions.top).toEqual([expect.objectContaining({ label: "Kabupaten Lembata, Nusa Tenggara Timur", count: 13 })]);
    expect((await service.recentAgencies(5))[0]?.label).toBe("Pemerintah Kabupaten Lembata");
    const id = (await service.recentAgencies(5))[0]?.id ?? "";
    expect((await service.agencyById(id))?.count).toBe(4);
    await service.remove("1");
    expect((await service.statistics()).days.map((d) => d.count)).toEqual([0, 0, 0, 0, 0, 0, 12]);
    expect(await service.select("lembata")).toHaveLength(3);
    expect(await service.select("INSTANSI 1")).toHaveLength(4);
    await store.close();
  });
});
