import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, type TestUser } from "../support/harness.ts";
import { fileReport, REVIEWER_CHAT, reviewerCalls } from "../support/reports.ts";

const DAY = 24 * 3600_000;

/** Walks `/lapor` to the "what" answer and returns the id of the message that gave it. */
async function answerWhat(h: Harness, user: TestUser, what: string): Promise<number> {
  await h.ask(user, "/lapor");
  await h.click(user, "lp:kat:kampanye");
  await h.ask(user, what);
  return h.lastMessageId;
}

describe("anonymous reports: what the reporter cannot see happening", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { REVIEWER_CHAT_ID: String(REVIEWER_CHAT) } });
  });
  afterAll(() => h.stop());

  it("warns about file names and voice recordings before anything is sent", async () => {
    const notice = await h.ask(h.user(801), "/lapor");
    expect(notice.payload.text).toContain("Nama berkas");
    expect(notice.payload.text).toContain("Rekaman suara");
    await h.ask(h.user(801), "/batal");
  });

  it("an edited answer replaces the draft's answer; an edit it cannot use is answered, not ignored", async () => {
    const user = h.user(802);
    const what = await answerWhat(h, user, "Camat hadir di kampanye memakai seragam dinas.");
    let before = h.edit(user, what, "Camat dan sekcam hadir di kampanye memakai seragam dinas.");
    expect((await h.next(before, "sendMessage", 802)).payload.text).toContain('Jawaban "Kejadian" diperbarui');
    for (const step of ["who", "where", "when"]) await h.click(user, `lp:lewati:${step}`);
    await h.send(user, "https://contoh.id/foto-kampanye");
    await h.idle();
    const link = h.lastMessageId;
    const summary = await h.click(user, "lp:lewati:evidence");
    expect(summary.payload.text).toContain("Camat dan sekcam");
    before = h.edit(user, link, "https://contoh.id/lain");
    expect((await h.next(before, "sendMessage", 802)).payload.text).toContain("tidak dipakai");
    before = h.edit(user, what, "x".repeat(2500));
    expect((await h.next(before, "sendMessage", 802)).payload.text).toContain("terlalu panjang");
    await h.click(user, "lp:batal");
  });

  it("when its report is purged, the bot deletes the report's messages in the reviewer chat", async () => {
    const { code } = await fileReport(h, h.user(803), { what: "Laporan yang nanti dihapus masa simpan" });
    const report = h.app.deps.reports.repository.findByCode(code)!;
    expect(report.reviewerMessageIds.length).toBeGreaterThan(0);
    h.clock.advance(91 * DAY);
    const before = h.send(h.user(1), "/laporan", { id: REVIEWER_CHAT, type: "supergroup", title: "Tim Peninjau" });
    const deleted = await h.next(before, "deleteMessages", REVIEWER_CHAT);
    expect(deleted.payload.message_ids).toEqual(expect.arrayContaining(report.reviewerMessageIds));
  });
});

describe("anonymous reports: relayed to reviewers after a random delay", () => {
  it("the reviewers get neither a report nor a follow-up when it is sent, but later (at the latest when the bot stops)", async () => {
    const h = await Harness.start({ env: { REVIEWER_CHAT_ID: String(REVIEWER_CHAT) }, app: { reportRelayDelayMs: () => 10 * 60_000 } });
    const user = h.user(804);
    await answerWhat(h, user, "Kades mengumpulkan perangkat desa untuk mendukung calon.");
    for (const step of ["who", "where", "when", "evidence"]) await h.click(user, `lp:lewati:${step}`);
    const before = h.fake.calls.length;
    const receipt = await h.click(user, "lp:kirim");
    expect(receipt.payload.text).toContain("Kode laporan");
    const code = /<code>([0-9A-Z-]+)<\/code>/.exec(String(receipt.payload.text))![1]!;
    await h.ask(user, `/cek ${code}`);
    await h.click(user, "lp:balas");
    expect((await h.ask(user, "Tambahan: ada foto di grup WA desa.")).payload.text).toContain("diteruskan ke tim peninjau");
    await new Promise((r) => setTimeout(r, 300));
    expect(reviewerCalls(h, before)).toHaveLength(0);
    expect(h.app.deps.tasks.size).toBe(2);
    await h.stop();
    const relayed = reviewerCalls(h, before).map((c) => String(c.payload.text));
    expect(relayed.some((t) => t.includes("Kades mengumpulkan"))).toBe(true);
    expect(relayed.some((t) => t.includes("ada foto di grup WA desa"))).toBe(true);
  });
});
