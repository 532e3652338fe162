import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { run } from "@grammyjs/runner";
import { openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { FakeProcess } from "./fake-process.ts";

/**
 * Many users asking at once while every Bot API call (getUpdates included) takes 100 ms, as over
 * a slow link to Telegram, with no flood limits on either side: the runner handles updates concurrently, so throughput is bounded by
 * fetching (100 updates per getUpdates), not by the latency of each reply.
 */
export async function benchThroughput(updates = 3000, latencyMs = 100): Promise<{ updates: number; latencyMs: number; updatesPerSecond: number; answered: number }> {
  const fake = await FakeProcess.start({ latencyMs });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-tp-"));
  const result = loadConfig({ BOT_TOKEN: fake.token, BOT_API_ROOT: fake.apiRoot, DATA_DIR: dataDir });
  if (!result.ok) throw new Error(result.problems.join("; "));
  // The bot's own capacity: Telegram's flood limits (measured by the delivery benchmark) would cap it at 28 replies a second.
  const app = await openApp(result.config, fake.token, { logger: createLogger("silent"), floodLimits: {} });
  await app.bot.init();
  const questions = ["PNS boleh like postingan paslon gak?", "boleh foto bareng calon?", "apa sanksi asn tidak netral", "kapan masa tenang pilkada", "cara bikin paspor"];
  await fake.push(
    Array.from({ length: updates }, (_, i) => {
      const user = { id: 100_000 + i, is_bot: false, first_name: "U" };
      return { message: { message_id: i + 1, date: 0, chat: { id: user.id, type: "private" }, from: user, text: questions[i % questions.length] } };
    }),
  );
  const started = performance.now();
  const runner = run(app.bot, { runner: { fetch: { timeout: 1 } } });
  let answered = 0;
  while ((answered = await fake.count("sendMessage")) < updates && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 10));
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  await app.close();
  fake.stop();
  return { updates, latencyMs, updatesPerSecond: Math.round(answered / seconds), answered };
}
