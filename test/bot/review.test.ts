import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredReport } from "../../src/core/reports/model.ts";
import { buttons, Harness } from "../support/harness.ts";
import { documentMessage, fileReport, photoMessage, REVIEWER_CHAT, reviewerCalls, reviewerChat, replyInReviewerChat } from "../support/reports.ts";

function text(call: { payload: Record<string, any> }): string {
  return String(call.payload.text ?? "");
}

describe("anonymous reports: the reviewer chat", () => {
  let h: Harness;
  const reviewer = { id: 7001, first_name: "Andi", is_bot: false as const };
  const outsider = { id: 7666, first_name: "Orang Luar", is_bot: false as const };
  const admin = { id: 4242, first_name: "Admin", is_bot: false as const };

  beforeAll(async () => {
    h = await Harness.start({ env: { REVIEWER_CHAT_ID: String(REVIEWER_CHAT), ADMIN_IDS: String(admin.id) } });
    h.fake.nonMembers.set(REVIEWER_CHAT, new Set([outsider.id, admin.id]));
  });
  afterAll(() => h.stop());

  /** Files a report and returns it as stored, with the reporter's receipt code. */
  async function newReport(reporterId: number, what: string, evidence: (Record<string, unknown> | string)[] = []): Promise<{ code: string; report: StoredReport; after: number }> {
    const after = h.fake.calls.length;
    const { code } = await fileReport(h, h.user(reporterId), { what, who: "Camat Contoh", where: "Kec. Damai", when: "Jumat lalu", evidence });
    return { code, report: h.app.deps.reports.repository.findByCode(code)!, after };
  }

  /** Presses a status button on the report's message in the reviewer chat; returns the callback answer. */
  async function pressStatus(user: typeof reviewer, report: StoredReport, status: string) {
    const before = h.press(user, `rv:${report.id}:${status}`, report.reviewerMessageIds[0], reviewerChat);
    const answer = await h.next(before, "answerCallbackQuery");
    await h.idle();
    return answer;
  }

  it("receives each new report with its fields, short id, status buttons and evidence copies as replies", async () => {
    const { code, report, after } = await newReport(11, "Camat meminta seluruh staf hadir di kampanye <paslon 2>.", [photoMessage("ph-1", "foto acara"), documentMessage("doc-1"), "https://contoh.id/a"]);
    const calls = reviewerCalls(h, after);
    const message = calls.find((c) => c.method === "sendMessage")!;
    expect(message.status).toBe(200);
    const body = text(message);
    expect(body).toContain(`Laporan baru ${report.id}`);
    expect(report.id).toMatch(/^L-[0-9A-Z]{6}$/);
    for (const part of ["Media sosial", "Camat Contoh", "Kec. Damai", "Jumat lalu", "&lt;paslon 2&gt;", "https://contoh.id/a", "1 foto, 1 dokumen, 1 tautan"]) expect(body).toContain(part);
    expect(body).not.toContain(code);
    expect(buttons(message).map((b) => b.data)).toEqual([`rv:${report.id}:diterima`, `rv:${report.id}:ditolak`]);

    const copies = calls.filter((c) => c.method === "copyMessage" || c.method === "sendDocument");
    expect(copies).toHaveLength(2);
    for (const copy of copies) {
      expect(copy.payload.reply_parameters.message_id).toBe(report.reviewerMessageIds[0]);
      expect(copy.payload.caption).toContain(report.id);
    }
    expect(copies[0]!.payload.caption).toContain("foto acara");
    expect(report.reviewerMessageIds).toHaveLength(3);
    expect(h.fake.callsOf("forwardMessage")).toHaveLength(0);
  });

  it("moves the status with buttons, and the reporter sees it with /cek", async () => {
    const { code, report } = await newReport(12, "Laporan untuk status");
    const accepted = await pressStatus(reviewer, report, "diterima");
    expect(accepted.payload.text).toContain("Diterima");
    const edit = h.fake.callsOf("editMessageReplyMarkup", REVIEWER_CHAT).at(-1)!;
    expect(edit.payload.message_id).toBe(report.reviewerMessageIds[0]);
    expect(buttons(edit).map((b) => b.data)).toEqual([`rv:${report.id}:ditindaklanjuti`, `rv:${report.id}:ditolak`]);
    expect(text(reviewerCalls(h).filter((c) => c.method === "sendMessage").at(-1)!)).toContain("status menjadi <b>Diterima</b> (oleh Andi)");

    expect((await pressStatus(reviewer, report, "selesai")).payload.text).toContain("sudah Diterima");
    await pressStatus(reviewer, report, "ditindaklanjuti");
    await pressStatus(reviewer, report, "selesai");
    expect(text(await h.ask(h.user(12), `/cek ${code}`))).toContain("Status: <b>Selesai</b>");
    const reopen = h.fake.callsOf("editMessageReplyMarkup", REVIEWER_CHAT).at(-1)!;
    expect(buttons(reopen)).toEqual([{ text: "↩️ Buka kembali", data: `rv:${report.id}:diterima`, url: undefined }]);
  });

  it("refuses status changes from non-members, and allows ADMIN_IDS", async () => {
    const { report } = await newReport(13, "Laporan untuk uji anggota");
    const refused = await pressStatus(outsider, report, "diterima");
    expect(refused.payload.text).toContain("hanya anggota tim peninjau");
    expect(h.app.deps.reports.repository.get(report.id)!.status).toBe("baru");
    const member = h.fake.callsOf("getChatMember").at(-1)!;
    expect(Number(member.payload.chat_id)).toBe(REVIEWER_CHAT);

    expect((await pressStatus(admin, report, "diterima")).payload.text).toContain("Diterima");
    expect(h.app.deps.reports.repository.get(report.id)!.status).toBe("diterima");
  });

  it("refuses status buttons pressed outside the reviewer chat", async () => {
    const { report } = await newReport(14, "Laporan untuk tombol palsu");
    const before = h.press(h.user(14), `rv:${report.id}:diterima`);
    expect((await h.next(before, "answerCallbackQuery")).payload.text).toContain("hanya berlaku di grup tim peninjau");
    await h.idle();
    expect(h.app.deps.reports.repository.get(report.id)!.status).toBe("baru");
  });

  it("carries a reviewer's reply to the reporter's /cek, and the reporter's answer back as a reply", async () => {
    const { code, report } = await newReport(15, "Laporan untuk percakapan");
    const before = replyInReviewerChat(h, reviewer, report.reviewerMessageIds[0]!, "Terima kasih. Apakah ada saksi lain? <mohon>");
    expect(text(await h.next(before, "sendMessage", REVIEWER_CHAT))).toContain("Pesan disimpan untuk pelapor");
    await h.idle();
    const pushedToReporter = h.fake.calls.slice(before).filter((c) => Number(c.payload.chat_id) === 15);
    expect(pushedToReporter).toHaveLength(0);

    const reporter = h.user(15);
    const view = await h.ask(reporter, `/cek ${code}`);
    expect(text(view)).toContain("Tim peninjau");
    expect(text(view)).toContain("Apakah ada saksi lain? &lt;mohon&gt;");
    expect(text(view)).not.toContain("Andi");
    await h.click(reporter, "lp:balas");
    const answer = h.send(reporter, "Ada dua rekan yang melihat.");
    const relayed = await h.next(answer, "sendMessage", REVIEWER_CHAT);
    expect(text(relayed)).toContain("Ada dua rekan yang melihat.");
    expect(relayed.payload.reply_parameters.message_id).toBe(report.reviewerMessageIds[0]);
    await h.idle();

    // A reply to the reporter's relayed message also reaches the thread.
    const last = h.app.deps.reports.repository.get(report.id)!.reviewerMessageIds.at(-1)!;
    replyInReviewerChat(h, reviewer, last, "Baik, terima kasih.");
    await h.idle();
    const thread = await h.ask(reporter, `/cek ${code}`);
    expect(text(thread).indexOf("saksi lain")).toBeLessThan(text(thread).indexOf("dua rekan"));
    expect(text(thread)).toContain("Baik, terima kasih.");
  });

  it("asks for a reason before rejecting, and the reporter reads it", async () => {
    const { code, report } = await newReport(16, "Laporan untuk ditolak");
    const answer = await pressStatus(reviewer, report, "ditolak");
    expect(answer.payload.text).toContain("alasan");
    expect(h.app.deps.reports.repository.get(report.id)!.status).toBe("baru");
    const prompt = reviewerCalls(h).filter((c) => c.method === "sendMessage").at(-1)!;
    expect(prompt.payload.reply_markup.force_reply).toBe(true);
    const promptId = h.app.deps.reports.repository.get(report.id)!.rejectPromptIds[0]!;
    replyInReviewerChat(h, reviewer, promptId, "Bukan pelanggaran netralitas: acara keluarga.");
    await h.idle();
    expect(h.app.deps.reports.repository.get(report.id)!.status).toBe("ditolak");
    const view = await h.ask(h.user(16), `/cek ${code}`);
    expect(text(view)).toContain("Status: <b>Ditolak</b>");
    expect(text(view)).toContain("Alasan: Bukan pelanggaran netralitas");
  });

  it("lists open reports by status with /laporan", async () => {
    const { report } = await newReport(17, "Laporan untuk daftar");
    const list = await h.ask(reviewer, "/laporan", reviewerChat);
    const body = text(list);
    expect(list.status).toBe(200);
    expect(body).toContain("Laporan terbuka");
    expect(body).toMatch(/<b>Baru<\/b> \(\d+\)/);
    expect(body).toContain(`https://t.me/c/1234567890/${report.reviewerMessageIds[0]}">${report.id}</a>`);
    expect(body).not.toContain("Laporan untuk daftar");
    expect(body).toMatch(/selesai\/ditolak tidak ditampilkan/);
  });

  it("ignores ordinary chatter in the reviewer chat", async () => {
    const before = h.send(reviewer, "rapat jam 3 ya", reviewerChat);
    await h.idle();
    expect(reviewerCalls(h, before)).toHaveLength(0);
  });
});
