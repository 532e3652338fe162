import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDbCli } from "../../src/cli/db.ts";
import type { Pledge } from "../../src/core/pledge/table.ts";
import { LowdbSharedStore } from "../../src/storage/lowdb-shared.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from "../support/postgres.ts";

const pledge = (n: number): Pledge => ({ receipt: `IKR-AAAA-000${n}`, userId: `${n}`, nipHash: `h${n}`, nipLast4: "1003", name: `Pegawai ${n}`, agency: "Dinas", unit: "Bidang", province: "Bali", regency: "Kota Denpasar", pledgedAt: "2026-11-20T03:00:00.000Z" });

function capture(env: Record<string, string>) {
  const io = { out: "", err: "" };
  return { io, cli: { out: (t: string) => void (io.out += t), err: (t: string) => void (io.err += t), env: { ...env } } };
}

describe.skipIf(!TEST_DATABASE_URL)("npm run db -- import / export", () => {
  const schema = uniqueSchema("db");
  const env = { DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema, PLEDGE_SECRET: "pledge-secret-of-the-data-dir", STATE_SECRET: "s".repeat(32) };
  afterAll(() => dropSchema(schema));

  it("copies a data directory into PostgreSQL once (a second run copies nothing) and exports it back in the lowdb format", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "db-import-"));
    const source = await LowdbSharedStore.open(dir);
    for (const n of [1, 2, 3]) await source.pledges.insert(pledge(n));
    await source.records("chats").set("-100", { id: -100, type: "group", active: true });
    await source.records("broadcasts").set("b1", { id: "b1", status: "done" });
    await source.close();
    fs.writeFileSync(path.join(dir, "pledge-secret"), "pledge-secret-of-the-data-dir\n");

    const first = capture(env);
    expect(await runDbCli(["import", "--from", dir], first.cli)).toBe(0);
    expect(first.io.out).toMatch(/pledges\s+3 disalin,\s+0 sudah ada/);
    expect(first.io.out).toMatch(/chats\s+1 disalin/);
    const second = capture(env);
    expect(await runDbCli(["import", "--from", dir], second.cli)).toBe(0);
    expect(second.io.out).toMatch(/pledges\s+0 disalin,\s+3 sudah ada/);

    const out = fs.mkdtempSync(path.join(os.tmpdir(), "db-export-"));
    const exported = capture(env);
    expect(await runDbCli(["export", "--to", out], exported.cli)).toBe(0);
    expect(fs.readFileSync(path.join(out, "pledges.jsonl"), "utf8")).toContain("IKR-AAAA-0002");
    const back = await LowdbSharedStore.open(out);
    expect(await back.pledges.count()).toBe(3);
    expect(await back.records("chats").get("-100")).toMatchObject({ type: "group" });
    expect(await back.records("broadcasts").get("b1")).toMatchObject({ status: "done" });
    await back.close();
  });

  it("refuses to import pledges hashed with another NIP key than PLEDGE_SECRET, in one line", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "db-import-"));
    fs.writeFileSync(path.join(dir, "db.json"), "{}");
    fs.writeFileSync(path.join(dir, "pledge-secret"), "another-key\n");
    const run = capture(env);
    expect(await runDbCli(["import", "--from", dir], run.cli)).toBe(2);
    expect(run.io.err.trim().split("\n")).toHaveLength(1);
    expect(run.io.err).toContain("PLEDGE_SECRET");
  });
});
