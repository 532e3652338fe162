import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";
import type { Monotonic } from "../../../src/core/broadcast/broadcasts.ts";

/** A fresh data directory with its store; reopen with `LowdbStore.open(dir)` to simulate a restart. */
export async function tempStore(): Promise<{ dir: string; store: LowdbStore }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broadcast-core-"));
  return { dir, store: await LowdbStore.open(dir) };
}

/** Log lines as objects, for asserting what was logged. */
export function memoryLogger(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "debug", base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** Real elapsed time, for code whose timing is not under test. */
export const realClock: Monotonic = { now: () => performance.now() };
