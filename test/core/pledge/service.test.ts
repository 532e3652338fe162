import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/core/knowledge/load.ts";
import { PledgeService, type PledgeInput } from "../../../src/core/pledge/service.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";

const knowledge = loadKnowledge("knowledge");
const provinces = loadKnowledge("knowledge").provinces;

function input(n: number, fields: Partial<PledgeInput> = {}): PledgeInput {
  return { userId: String(n), nipHash: `hash-${n}`, nipLast4: String(1000 + n).slice(-4), name: `Pegawai ${n}`, agency: "Pemerintah Kabupaten Lembata", unit: "Dinas Pendidikan", province: "Nusa Tenggara Timur", regency: "Kabupaten Lembata", ...fields };
}

describe("pledge service", () => {
  const dirs: string[] = [];
  let now = new Date("2026-11-20T03:00:00Z");
  const open = async (dir: string) => {
    const store = await LowdbStore.open(dir);
    return { store, service: new PledgeService(store, { secret: "s".repeat(32), now: () => now, regions: knowledge.regions, provinces }) };
  };
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pledge-service-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("refuses a second pledge by account or by NIP, also after a reopen", async () => {
    const dir = tempDir();
    let { store, service } = await open(dir);
    const first = service.add(input(1));
    expect(first.ok).toBe(true);
    const receipt = first.ok ? first.pledge.receipt : "";
    expect(receipt).toMatch(/^IKR-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(service.add(input(1, { nipHash: "other" }))).toMatchObject({ ok: false, reason: "user" });
    expect(service.add(input(2, { nipHash: "hash-1" }))).toMatchObject({ ok: false, reason: "nip", existing: { receipt } });
    await store.close();

    ({ store, service } = await open(dir));
    expect(service.byUser("1")?.receipt).toBe(receipt);
    expect(service.byNipHash("hash-1")?.receipt).toBe(receipt);
    expect(service.byReceipt(receipt.toLowerCase().replace(/-/g, ""))?.name).toBe("Pegawai 1");
    expect(service.add(input(2, { nipHash: "hash-1" }))).toMatchObject({ ok: false, reason: "nip" });
    await store.close();
  });

  it("remembers the pledger's seed region for answer ranking and forgets it on delete", async () => {
    const { store, service } = await open(tempDir());
    service.add(input(1, { regency: "Lembata" }));
    service.add(input(2, { regency: "Kota Kupang" }));
    service.add(input(3, { province: "Maluku", regency: "Lembata" }));
    expect(service.regionOf("1")).toBe("lembata");
    expect(service.regionOf("2")).toBeUndefined();
    expect(service.regionOf("3")).toBeUndefined();
    expect(service.remove("1")?.userId).toBe("1");
    expect(service.regionOf("1")).toBeUndefined();
    expect(service.byUser("1")).toBeUndefined();
    expect(service.add(input(1)).ok).toBe(true);
    await store.close();
  });

  it("counts per day (WIB), agency and region, with the rest summed", async () => {
    const { store, service } = await open(tempDir());
    now = new Date("2026-11-19T16:59:00Z"); // 23:59 WIB on the 19th
    service.add(input(1));
    now = new Date("2026-11-19T17:00:00Z"); // 00:00 WIB on the 20th
    for (let i = 2; i <= 13; i++) service.add(input(i, { agency: i <= 4 ? "pemerintah  kabupaten LEMBATA" : `Instansi ${i}` }));
    const stats = service.statistics(3);
    expect(stats.total).toBe(13);
    expect(stats.today).toEqual({ day: "2026-11-20", count: 12 });
    expect(stats.days.map((d) => d.count)).toEqual([0, 0, 0, 0, 0, 1, 12]);
    expect(stats.agencies.top[0]).toMatchObject({ label: "Pemerintah Kabupaten Lembata", count: 4 });
    expect(stats.agencies.top).toHaveLength(3);
    expect(stats.agencies.others).toEqual({ groups: 7, count: 7 });
    expect(stats.regions.top).toEqual([expect.objectContaining({ label: "Kabupaten Lembata, Nusa Tenggara Timur", count: 13 })]);
    expect(service.recentAgencies(5)[0]?.label).toBe("Pemerintah Kabupaten Lembata");
    const id = service.recentAgencies(5)[0]?.id ?? "";
    expect(service.agencyById(id)?.count).toBe(4);
    service.remove("1");
    expect(service.statistics().days.map((d) => d.count)).toEqual([0, 0, 0, 0, 0, 0, 12]);
    expect(service.select("lembata")).toHaveLength(3);
    expect(service.select("INSTANSI 1")).toHaveLength(4);
    await store.close();
  });
});
