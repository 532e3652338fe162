import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/core/knowledge/load.ts";
import { renderStatisticsChart } from "../../../src/core/pledge/chart.ts";
import { exportFileName, pledgesCsv } from "../../../src/core/pledge/export.ts";
import { findProvince, matchRegion, tidyRegency } from "../../../src/core/pledge/places.ts";
import { newReceiptCode, parseReceiptCode } from "../../../src/core/pledge/receipt.ts";
import { hashNip, resolvePledgeSecret } from "../../../src/core/pledge/secret.ts";
import type { Pledge, PledgeStatistics } from "../../../src/core/pledge/service.ts";
import { formatDateTime, wibDay } from "../../../src/core/pledge/time.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pledge-support-"));
  dirs.push(dir);
  return dir;
}

describe("provinces and regions", () => {
  const provinces = loadKnowledge("knowledge").provinces;
  const regions = loadKnowledge("knowledge").regions;

  it("lists all 38 provinces with their time zones", () => {
    expect(provinces).toHaveLength(38);
    expect(new Set(provinces.map((p) => p.name)).size).toBe(38);
    expect(provinces.filter((p) => p.timezone === "WIT").map((p) => p.name)).toContain("Papua Pegunungan");
    expect(findProvince(provinces, "Nusa Tenggara Timur")?.timezone).toBe("WITA");
  });

  it("finds typed names case-insensitively, with 'Provinsi' and common abbreviations", () => {
    expect(findProvince(provinces, "  nusa tenggara  TIMUR ")?.name).toBe("Nusa Tenggara Timur");
    expect(findProvince(provinces, "Provinsi Jawa Barat")?.name).toBe("Jawa Barat");
    expect(findProvince(provinces, "ntt")?.name).toBe("Nusa Tenggara Timur");
    expect(findProvince(provinces, "DIY")?.name).toBe("Daerah Istimewa Yogyakarta");
    expect(findProvince(provinces, "Atlantis")).toBeUndefined();
  });

  it("matches a kabupaten to a seed region by name and province", () => {
    expect(matchRegion(regions, "Nusa Tenggara Timur", "Kabupaten Lembata")?.id).toBe("lembata");
    expect(matchRegion(regions, "nusa tenggara timur", "lembata")?.id).toBe("lembata");
    expect(matchRegion(regions, "Nusa Tenggara Timur", "Kab. Lembata")?.id).toBe("lembata");
    expect(matchRegion(regions, "Nusa Tenggara Timur", "Kota Lembata")).toBeUndefined();
    expect(matchRegion(regions, "Maluku", "Lembata")).toBeUndefined();
    expect(tidyRegency("kab.  lombok timur")).toBe("Kabupaten Lombok Timur");
    expect(tidyRegency("KOTA Kupang")).toBe("Kota Kupang");
  });
});

describe("receipts", () => {
  it("makes unambiguous codes and reads them back however typed", () => {
    const codes = new Set(Array.from({ length: 500 }, newReceiptCode));
    expect(codes.size).toBe(500);
    for (const code of codes) {
      expect(code).toMatch(/^IKR-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
      expect(parseReceiptCode(code.toLowerCase())).toBe(code);
      expect(parseReceiptCode(code.slice(4).replace("-", " "))).toBe(code);
    }
    // 60 bits: 12 symbols of a 32-letter alphabet. Receipts from before (40 bits) still read.
    expect(new Set(newReceiptCode().replace(/^IKR-|-/g, "")).size).toBeGreaterThan(1);
    expect(newReceiptCode().replace(/^IKR-|-/g, "")).toHaveLength(12);
    expect(parseReceiptCode("ikr 7k3m 9q2x")).toBe("IKR-7K3M-9Q2X");
    expect(parseReceiptCode("IKR-0000-1111")).toBeUndefined();
    expect(parseReceiptCode("hello")).toBeUndefined();
  });
});

describe("NIP key", () => {
  it("generates a 0600 key file once and reuses it; a configured key wins", () => {
    const dir = tempDir();
    const first = resolvePledgeSecret(undefined, dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(dir, "pledge-secret")).mode & 0o777).toBe(0o600);
    expect(resolvePledgeSecret(undefined, dir)).toBe(first);
    expect(resolvePledgeSecret("configured-secret-123", dir)).toBe("configured-secret-123");
  });

  it("hashes with the key: same NIP, other key, other hash", () => {
    const nip = "198507142010011003";
    expect(hashNip("a".repeat(32), nip)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashNip("a".repeat(32), nip)).toBe(hashNip("a".repeat(32), nip));
    expect(hashNip("b".repeat(32), nip)).not.toBe(hashNip("a".repeat(32), nip));
  });
});

describe("dates", () => {
  it("counts and shows WIB days", () => {
    expect(wibDay(new Date("2026-11-19T17:00:00Z"))).toBe("2026-11-20");
    expect(formatDateTime(new Date("2026-11-20T03:05:00Z"))).toBe("20 November 2026 pukul 10.05 WIB");
  });
});

const pledge: Pledge = {
  receipt: "IKR-7K3M-9Q2X",
  userId: "1",
  nipHash: "x",
  nipLast4: "1003",
  name: 'Maria "Ina", S.Pd.',
  agency: "Pemerintah Kabupaten Lembata",
  unit: "Dinas Pendidikan",
  province: "Nusa Tenggara Timur",
  regency: "Kabupaten Lembata",
  pledgedAt: "2026-11-20T03:05:00.000Z",
};

describe("CSV export", () => {
  it("writes a BOM, the header and masked NIPs, quoting where needed", async () => {
    const csv = await pledgesCsv(Array.from({ length: 4500 }, () => pledge));
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.toString("utf8").slice(1).split("\n");
    expect(lines[0]).toBe("Nama,Instansi,Unit kerja,Daerah,NIP/NI PPPK (disamarkan),Tanggal ikrar (WIB),Kode tanda terima");
    expect(lines).toHaveLength(4502); // header, rows, and the empty string after the final newline
    expect(lines[1]).toBe('"Maria ""Ina"", S.Pd.",Pemerintah Kabupaten Lembata,Dinas Pendidikan,"Kabupaten Lembata, Nusa Tenggara Timur",••••••••••••••1003,2026-11-20 10:05,IKR-7K3M-9Q2X');
    expect(lines[4500]).toBe(lines[1]);
    expect(exportFileName(new Date("2026-11-22T03:00:00Z"))).toBe("ikrar-2026-11-22.csv");
    expect(exportFileName(new Date("2026-11-22T03:00:00Z"), "Dinas Pendidikan!")).toBe("ikrar-dinas-pendidikan-2026-11-22.csv");
  });
});

describe("statistics chart", () => {
  it("renders a PNG", async () => {
    const stats: PledgeStatistics = {
      total: 30,
      today: { day: "2026-11-20", count: 5 },
      days: ["14", "15", "16", "17", "18", "19", "20"].map((d, i) => ({ day: `2026-11-${d}`, count: i })),
      agencies: { top: [{ id: "a", label: "Pemerintah Kabupaten Lembata <&>", count: 20 }], others: { groups: 3, count: 10 } },
      regions: { top: [], others: { groups: 0, count: 0 } },
    };
    const png = await renderStatisticsChart(stats);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(5000);
  });
});
