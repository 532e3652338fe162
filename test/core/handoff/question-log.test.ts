import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { QuestionLog } from "../../../src/core/handoff/question-log.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";

let now = new Date("2026-11-20T03:00:00Z");
const stores: LowdbStore[] = [];

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  now = new Date("2026-11-20T03:00:00Z");
});

describe("question log", () => {
  it("masks personal data before it is written, and deletes records after the retention period", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qlog-"));
    const store = await LowdbStore.open(dataDir);
    stores.push(store);
    const log = new QuestionLog(store, () => now, 30);
    log.recordUnanswered("hubungi saya di 0812-3456-7890 atau budi@contoh.go.id");
    log.recordDownvote("NIP 198503122010011002 boleh like?", "medsos-like");
    expect(log.unanswered()[0]!.text).toBe("hubungi saya di [nomor telepon] atau [email]");
    expect(log.downvotes()[0]).toMatchObject({ question: "NIP [NIP] boleh like?", entry: "medsos-like" });
    const files = fs.readdirSync(dataDir).map((f) => path.join(dataDir, f)).filter((f) => fs.statSync(f).isFile());
    const disk = files.map((f) => fs.readFileSync(f, "utf8")).join("");
    for (const secret of ["3456-7890", "budi@", "198503122010011002"]) expect(disk).not.toContain(secret);

    now = new Date(now.getTime() + 29 * 24 * 3600_000);
    log.recordUnanswered("pertanyaan baru");
    expect(log.purge()).toBe(0);
    now = new Date(now.getTime() + 2 * 24 * 3600_000);
    expect(log.purge()).toBe(2);
    expect(log.unanswered().map((q) => q.text)).toEqual(["pertanyaan baru"]);
    expect(log.downvotes()).toEqual([]);
  });

  it("masks questions logged before masking existed, at start", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qlog-"));
    const store = await LowdbStore.open(dataDir);
    stores.push(store);
    store.collection("unanswered", { log: true }).set("old", { text: "wa saya 081234567890", at: now.toISOString() });
    expect(new QuestionLog(store, () => now, 30).unanswered()[0]!.text).toBe("wa saya [nomor telepon]");
    await store.close();
    stores.pop();
    expect(fs.readFileSync(path.join(dataDir, "unanswered.jsonl"), "utf8")).not.toContain("081234567890");
  });
});
