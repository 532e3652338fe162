import type pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterQueue } from "rate-limiter-flexible";
import type { Pace, PaceWindow } from "./shared-store.ts";

/**
 * A rate shared by every instance: rate-limiter-flexible's fixed windows in the `flood_limit`
 * table (created by the migrations), waited for in its queue. Should PostgreSQL stop answering,
 * its in-memory insurance keeps this instance to the same rate alone rather than stopping sends.
 */
export function postgresPace(pool: pg.Pool, name: string, window: PaceWindow): Pace {
  const limit = { points: window.max, duration: window.ms / 1000 };
  const limiter = new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: "flood_limit",
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: name,
    ...limit,
    insuranceLimiter: new RateLimiterMemory(limit),
  });
  const queue = new RateLimiterQueue(limiter);
  return { take: async () => void (await queue.removeTokens(1)) };
}
