import type { SharedStore } from "./shared-store.ts";

/** Per collection: records copied, and records the target already had (left as they are). */
export type CopyCounts = Record<string, { copied: number; kept: number }>;

/**
 * Copies every record and pledge from one store to another, never overwriting what the target
 * already holds, so running it again copies nothing twice (`npm run db -- import|export`).
 * Expiring state (conversations in flight, counters) is not copied: it is minutes old at most.
 */
export async function copyStore(from: SharedStore, to: SharedStore): Promise<CopyCounts> {
  const counts: CopyCounts = {};
  const pledges = (counts.pledges = { copied: 0, kept: 0 });
  for await (const pledge of from.pledges.all()) {
    if ((await to.pledges.insert(pledge)).ok) pledges.copied++;
    else pledges.kept++;
  }
  for (const name of await from.collections()) {
    const target = to.records<unknown>(name);
    const count = (counts[name] = { copied: 0, kept: 0 });
    for (const [key, value] of await from.records<unknown>(name).list()) {
      if (await target.insert(key, value)) count.copied++;
      else count.kept++;
    }
  }
  await to.flush();
  return counts;
}
