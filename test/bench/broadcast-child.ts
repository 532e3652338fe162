/**
 * A bot process for the kill/restart benchmark: opens the app on DATA_DIR (env) against the fake
 * Bot API in the parent, and with `start` creates and starts a broadcast to every group; either
 * way it waits until no broadcast is running (a job left running is resumed by `openApp` itself).
 */
import { openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";

const result = loadConfig(process.env);
if (!result.ok) throw new Error(result.problems.join("; "));
const app = await openApp(result.config, result.config.botToken ?? "", { logger: createLogger("silent") });
if (process.argv[2] === "start") {
  const job = await app.deps.broadcasts.draft({ kind: "text", text: "Siaran uji: apel netralitas ASN Senin pukul 07.30." });
  await app.deps.broadcasts.start(job.id);
}
// Give openApp's deferred resumption its turn, then wait until every job has ended.
await new Promise((resolve) => setTimeout(resolve, 20));
while ((await app.deps.broadcasts.list()).some((job) => job.status === "running")) await new Promise((resolve) => setTimeout(resolve, 50));
await app.close();
process.exit(0);
