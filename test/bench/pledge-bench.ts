import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import { loadKnowledge } from "../../src/core/knowledge/load.ts";
import { newReceiptCode } from "../../src/core/pledge/receipt.ts";
import { hashNip } from "../../src/core/pledge/secret.ts";
import { PledgeService, type Pledge, type PledgeInput } from "../../src/core/pledge/service.ts";
import { LowdbSharedStore } from "../../src/storage/lowdb-shared.ts";

const SECRET = "bench-secret-bench-secret-bench-secret";
const AGENCIES = ["Pemerintah Kabupaten Lembata", "Pemerintah Kabupaten Belu", "Pemerintah Provinsi Nusa Tenggara Timur", "Kantor Wilayah Kementerian Agama NTT", ...Array.from({ length: 300 }, (_, i) => `Instansi ${i}`)];

/** A pledge as the form would produce it; every one in Lembata, as in a regional deployment. */
function input(n: number): PledgeInput {
  return {
    userId: String(1_000_000 + n),
    nipHash: hashNip(SECRET, `1985${String(n).padStart(14, "0")}`),
    nipLast4: String(n % 10_000).padStart(4, "0"),
    name: `Pegawai Nomor ${n}`,
    agency: AGENCIES[n % AGENCIES.length] as string,
    unit: `Unit ${n % 40}`,
    province: "Nusa Tenggara Timur",
    regency: "Kabupaten Lembata",
  };
}

/**
 * Writes the data directory a deployment with `count` pledges would have (the pledge log)
 * directly, instead of 100,000 round trips through the service.
 */
function seed(dir: string, count: number): void {
  const start = Date.parse("2026-10-01T00:00:00Z");
  const lines: string[] = [];
  for (let n = 0; n < count; n++) {
    const pledge: Pledge = { receipt: newReceiptCode(), ...input(n), pledgedAt: new Date(start + n * 60_000).toISOString() };
    lines.push(JSON.stringify({ k: pledge.receipt, v: pledge }));
  }
  fs.writeFileSync(path.join(dir, "pledges.jsonl"), lines.join("\n") + "\n");
}

function percentile(sorted: number[], p: number): number {
  return Math.round((sorted[Math.floor((sorted.length - 1) * p)] ?? 0) * 1000) / 1000;
}

/**
 * With 100,000 pledges stored: how long start-up takes (replaying the log and building the
 * indexes), how long one new pledge blocks the event loop (goal: never more than 20 ms),
 * including the background writes it causes, and what the compaction after a deletion costs.
 */
export async function benchPledges(count = 100_000, adds = 500): Promise<{ pledges: number; addP50Ms: number; addP99Ms: number; maxEventLoopBlockMs: number; startupLoadMs: number; deleteCompactionMs: number; compactionMaxBlockMs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asn-netral-pledge-bench-"));
  try {
    seed(dir, count);
    const knowledge = loadKnowledge("knowledge");

    const started = performance.now();
    const store = await LowdbSharedStore.open(dir);
    const service = new PledgeService(store, { secret: SECRET, now: () => new Date(), regions: knowledge.regions });
    const startupLoadMs = Math.round(performance.now() - started);
    const loaded = await service.size();
    if (loaded !== count) throw new Error(`expected ${count} pledges, loaded ${loaded}`);

    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const times: number[] = [];
    for (let i = 0; i < adds; i++) {
      const t = performance.now();
      const outcome = await service.add(input(count + i));
      times.push(performance.now() - t);
      if (!outcome.ok) throw new Error("bench pledge refused as duplicate");
      await nextTurn(); // one pledge per turn of the loop, like separate updates: each causes its own writes
    }
    await store.flush();
    delay.disable();

    // /hapusdata: the delete is O(1); the log is then compacted so the data leaves the disk. The
    // rewrite runs in slices between other work: measured are its duration and the longest stall.
    await service.remove(input(0).userId);
    const compactionDelay = monitorEventLoopDelay({ resolution: 1 });
    compactionDelay.enable();
    const compaction = performance.now();
    await store.close();
    const deleteCompactionMs = Math.round(performance.now() - compaction);
    compactionDelay.disable();
    const compactionMaxBlockMs = Math.round(Math.max(0, compactionDelay.max / 1e6 - 1) * 100) / 100;

    times.sort((a, b) => a - b);
    const maxSyncAdd = times.at(-1) ?? 0;
    // The histogram's max is the longest stall (ns), minus its own 1 ms sampling resolution.
    const maxEventLoopBlockMs = Math.round(Math.max(maxSyncAdd, delay.max / 1e6 - 1) * 100) / 100;
    return { pledges: count, addP50Ms: percentile(times, 0.5), addP99Ms: percentile(times, 0.99), maxEventLoopBlockMs, startupLoadMs, deleteCompactionMs, compactionMaxBlockMs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
