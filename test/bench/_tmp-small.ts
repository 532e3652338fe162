import { benchPostgresPledges, benchPostgresBroadcast, benchPostgresWebhooks } from "./postgres-bench.ts";
const which = process.argv[2];
if (which === "p") console.log(await benchPostgresPledges(Number(process.argv[3] ?? 50000), 100));
if (which === "b") console.log(await benchPostgresBroadcast(Number(process.argv[3] ?? 200)));
if (which === "w") console.log(await benchPostgresWebhooks(Number(process.argv[3] ?? 100), 3));
process.exit(0);
