/**
 * `npm run bench`: the speed and memory figures the issues ask for, measured through the same
 * code paths as production (fake Bot API on 127.0.0.1 for anything that talks to Telegram).
 */
import { benchSearch } from "./search-bench.ts";
import { benchThroughput } from "./throughput-bench.ts";

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  console.log("ASN Netral benchmarks (Node", process.version + ")\n");
  const search = benchSearch();
  console.log(`answering: ${search.entries} entries, ${search.queries} questions — p50 ${search.p50Ms} ms, p99 ${search.p99Ms} ms (goal p99 ≤ 5 ms); index built in ${search.buildMs} ms (goal ≤ 1000 ms)`);
  const tp = await benchThroughput();
  console.log(`updates: ${tp.answered}/${tp.updates} answered at ${tp.latencyMs} ms per Bot API call, flood limits off — ${tp.updatesPerSecond} updates/s (goal ≥ 500)`);
  for (const extra of ["./pledge-bench.ts", "./delivery-bench.ts", "./grouping-bench.ts"]) {
    const mod: Record<string, unknown> = await import(extra).catch(() => ({}));
    for (const [name, fn] of Object.entries(mod)) {
      if (typeof fn !== "function" || !name.startsWith("bench")) continue;
      console.log(`${name}:`, JSON.stringify(await (fn as () => Promise<unknown>)()));
    }
  }
  console.log(`\nmemory: rss ${mb(process.memoryUsage().rss)} MB, heap used ${mb(process.memoryUsage().heapUsed)} MB`);
}

await main();
