import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttons, Harness } from "../support/harness.ts";
import { NTT, provinceButton, reply, say, tap, toNip } from "../support/pledge-flow.ts";

const NIP = "198507142010011003";

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

describe("neutrality pledge (end to end through the fake Bot API)", () => {
  let h: Harness;
  const receipts = new Map<number, string>();
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.stop());

  it("walks the whole path: pledge text and notice, questions, summary, receipt", async () => {
    const user = h.user(101);
    const before = h.send(user, "/ikrar");
    const intro = await reply(h, user, before, "Ikrar Netralitas");
    const text = String(intro.payload.text);
    for (const point of h.app.deps.knowledge.pledge.points) expect(text).toContain(point.slice(0, 40));
    expect(text).toContain("Yang disimpan");
    expect(text).toContain("Berapa lama");
    expect(text).toContain("/hapusdata");
    const status = await reply(h, user, before, "Langkah 1/7");
    expect(buttons(status).map((b) => b.text)).toEqual(["PNS", "PPPK", "❌ Batal"]);

    await tap(h, user, "ikr:st:PNS", "nama lengkap");
    await say(h, user, "Dra. Maria Goreti, M.Pd.", "NIP");
    const accepted = await say(h, user, "19850714 201001 1 003", "instansi");
    expect(accepted.payload.text).toContain("lahir 14 Juli 1985");
    await say(h, user, "Pemerintah Kabupaten Lembata", "unit kerja");
    const provinces = await say(h, user, "Dinas Pendidikan", "provinsi");
    expect(buttons(provinces).map((b) => b.text)).toContain("Aceh (WIB)");
    const paged = h.press(user, "ikr:pp:2");
    const page3 = await h.next(paged, "editMessageReplyMarkup");
    const regency = await tap(h, user, provinceButton(page3, NTT), "kabupaten/kota");
    expect(buttons(regency).map((b) => b.text)).toContain("Kabupaten Lembata");
    const summary = await tap(h, user, "ikr:rg:lembata", "Periksa kembali");
    const shown = String(summary.payload.text);
    expect(shown).toContain("Dra. Maria Goreti, M.Pd.");
    expect(shown).toContain("••••••••••••••1003");
    expect(shown).toContain("Kabupaten Lembata, Nusa Tenggara Timur");
    expect(shown).not.toContain(NIP);
    expect(buttons(summary).map((b) => b.text)).toEqual(["✅ Saya berikrar", "❌ Batal"]);

    const thanks = await tap(h, user, "ikr:ok", "Terima kasih, ikrar Anda tercatat");
    const receipt = /IKR-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(String(thanks.payload.text))![0];
    expect(thanks.payload.text).toContain("20 November 2026");
    expect(thanks.payload.text).toContain(`/verifikasi ${receipt}`);
    receipts.set(user.id, receipt);
    expect(await h.app.deps.pledges.regionOf("101")).toBe("lembata");
    expect(await h.app.deps.store.records("pledge-forms").get("101")).toBeUndefined();
  });

  it("ranks the pledger's regional circulars when they ask a question", async () => {
    const answer = await h.ask(h.user(101), "PNS boleh like postingan paslon gak?");
    const more = buttons(answer).find((b) => b.data?.startsWith("more:"))!;
    expect((await h.click(h.user(101), more.data!)).payload.text).toContain("Daerah Anda juga punya ketentuan");
  });

  it("in a group answers /ikrar with a button to the private chat, which /start ikrar opens", async () => {
    const user = h.user(102);
    const group = { id: -100777, type: "supergroup", title: "Dinas" };
    const redirect = await h.ask(user, "/ikrar", group);
    expect(buttons(redirect)[0]?.url).toBe("https://t.me/asn_netral_bot?start=ikrar");
    expect(await h.app.deps.store.records("pledge-forms").get("102")).toBeUndefined();
    await say(h, user, "/start ikrar", "Langkah 1/7");
  });

  it("names each NIP problem and asks again", async () => {
    const user = h.user(103);
    await toNip(h, user);
    const cases: [string, string][] = [
      ["1985071420100110AB", "hanya boleh berisi angka"],
      ["19850714201001100", "18 digit"],
      ["198502302010011003", "bukan tanggal yang ada"],
      ["201001012030011003", "usia 16 tahun"],
      ["198507142002011003", "sebelum usia 18 tahun"],
      ["198507142027011003", "masa depan"],
      ["198507142010013003", "Digit ke-15"],
    ];
    for (const [nip, problem] of cases) {
      const answer = await say(h, user, nip, problem);
      expect(answer.payload.text).toContain("Langkah 3/7");
    }
    expect(await h.app.deps.pledges.forms.load("103")).toMatchObject({ kind: "active", form: { step: "nip" } });
  });

  it("takes an NI PPPK with the PPPK rules, a typed province and a typed kabupaten", async () => {
    const user = h.user(104);
    await toNip(h, user, "PPPK");
    await say(h, user, "199001012024215001", "Langkah 4/7");
    await say(h, user, "Pemerintah Kabupaten Belu", "Langkah 5/7");
    await say(h, user, "Dinas Kesehatan", "Langkah 6/7");
    await say(h, user, "Atlantis", "tidak saya kenal");
    await say(h, user, "ntt", "Langkah 7/7");
    const summary = await say(h, user, "kab. belu", "Periksa kembali");
    expect(summary.payload.text).toContain("NI PPPK: ••••••••••••••5001");
    expect(summary.payload.text).toContain("Kabupaten Belu, Nusa Tenggara Timur");
    receipts.set(user.id, /IKR-[A-Z0-9-]{14}/.exec(String((await tap(h, user, "ikr:ok", "tercatat")).payload.text))![0]);
  });

  it("offers the agencies used most as buttons", async () => {
    const user = h.user(105);
    await toNip(h, user);
    const agency = await say(h, user, "198001012005012001", "Langkah 4/7");
    const suggested = buttons(agency).find((b) => b.text === "Pemerintah Kabupaten Lembata");
    expect(suggested?.data).toMatch(/^ikr:ag:[0-9a-f]{10}$/);
    await tap(h, user, suggested!.data!, "Langkah 5/7");
    expect(await h.app.deps.pledges.forms.load("105")).toMatchObject({ form: { agency: "Pemerintah Kabupaten Lembata" } });
  });

  it("pages through the provinces", async () => {
    const user = h.user(105);
    await say(h, user, "Dinas Sosial", "Langkah 6/7");
    const before = h.press(user, "ikr:pp:3");
    const edit = await h.next(before, "editMessageReplyMarkup");
    expect(buttons(edit).map((b) => b.text)).toContain("Papua Selatan (WIT)");
  });

  it("cancels with /batal and with the button, deleting the answers", async () => {
    const user = h.user(105);
    const cancelled = await say(h, user, "/batal", "dibatalkan");
    expect(cancelled.payload.text).toContain("/ikrar");
    expect((await h.app.deps.pledges.forms.load("105")).kind).toBe("none");
    await toNip(h, user);
    await tap(h, user, "ikr:no", "dibatalkan");
    expect((await h.app.deps.pledges.forms.load("105")).kind).toBe("none");
    await tap(h, user, "ikr:no", "Tidak ada isian ikrar");
  });

  it("refuses a second pledge by the same account, showing date and receipt", async () => {
    const answer = await say(h, h.user(101), "/ikrar", "sudah berikrar");
    expect(answer.payload.text).toContain("20 November 2026");
    expect(answer.payload.text).toContain(receipts.get(101));
  });

  it("refuses the same NIP from another account", async () => {
    const user = h.user(106);
    await toNip(h, user);
    const answer = await say(h, user, "19850714.201001.1.003", "sudah dipakai");
    // Never the other pledge's receipt (it would open their name and agency) nor its date.
    expect(answer.payload.text).not.toContain(receipts.get(101));
    expect(answer.payload.text).not.toContain("November 2026");
    expect(answer.payload.text).toContain("hubungi BKPSDM");
    expect((await h.app.deps.pledges.forms.load("106")).kind).toBe("none");
  });

  it("throttles NIP attempts per account", async () => {
    const user = h.user(120);
    for (let i = 0; i < 5; i++) {
      await toNip(h, user);
      await say(h, user, NIP, "sudah dipakai");
    }
    await toNip(h, user);
    await say(h, user, NIP, "Terlalu banyak percobaan NIP");
    h.clock.advance(16 * 60_000);
    await say(h, user, NIP, "sudah dipakai");
  });

  it("throttles /verifikasi after repeated unknown codes, like /cek", async () => {
    const prober = h.user(121);
    for (let i = 0; i < 5; i++) await say(h, prober, `/verifikasi IKR-AAAA-BBBB-CCC${"DEFGH"[i]}`, "tidak ditemukan");
    await say(h, prober, `/verifikasi ${receipts.get(101)}`, "Terlalu banyak kode");
    h.clock.advance(16 * 60_000);
    await say(h, prober, `/verifikasi ${receipts.get(101)}`, "Tanda terima sah");
  });

  it("keeps a form across a restart and still refuses duplicates after it", async () => {
    const user = h.user(107);
    await toNip(h, user);
    await say(h, user, "198803032012122002", "Langkah 4/7");
    await h.restart();
    await say(h, user, "Pemerintah Kabupaten Lembata", "Langkah 5/7");
    const provinces = await say(h, user, "Inspektorat", "Langkah 6/7");
    expect(buttons(provinces)[0]?.text).toBe(`⭐ ${NTT}`);
    await tap(h, user, provinceButton(provinces, NTT), "Langkah 7/7");
    await say(h, user, "Kabupaten Lembata", "Periksa kembali");
    await tap(h, user, "ikr:ok", "tercatat");

    await h.restart();
    await say(h, user, "/ikrar", "sudah berikrar");
    const other = h.user(108);
    await toNip(h, other);
    await say(h, other, "198803032012122002", "sudah dipakai");
  });

  it("resumes an unfinished form on /ikrar", async () => {
    const user = h.user(109);
    await toNip(h, user);
    const resumed = await say(h, user, "/ikrar", "kita lanjutkan");
    expect(resumed.payload.text).toContain("Langkah 3/7");
  });

  it("expires a form left for 30 minutes (counting from the last message, even a wrong one)", async () => {
    const user = h.user(109);
    h.clock.advance(20 * 60_000);
    await say(h, user, "123", "18 digit");
    h.clock.advance(20 * 60_000);
    await say(h, user, "12345", "18 digit");
    h.clock.advance(31 * 60_000);
    await say(h, user, "198507142010011003", "kedaluwarsa");
    expect((await h.app.deps.pledges.forms.load("109")).kind).toBe("none");
    await say(h, user, "/ikrar", "Langkah 1/7");
  });

  it("verifies a receipt, masking the NIP, and says when a code is unknown", async () => {
    const asker = h.user(110);
    const code = receipts.get(101)!;
    const valid = await say(h, asker, `/verifikasi ${code.toLowerCase()}`, "Tanda terima sah");
    const text = String(valid.payload.text);
    expect(text).toContain("Dra. Maria Goreti, M.Pd.");
    expect(text).toContain("Pemerintah Kabupaten Lembata");
    expect(text).toContain("20 November 2026");
    expect(text).toContain("••••••••••••••1003");
    expect(text).not.toContain(NIP);
    await say(h, asker, "/verifikasi IKR-AAAA-BBBB", "tidak ditemukan");
    await say(h, asker, "/verifikasi halo", "bukan bentuk kode");
    await say(h, asker, "/verifikasi", "Ketik kode");
  });

  it("deletes the pledge after confirmation; the receipt stops verifying", async () => {
    const user = h.user(104);
    const code = receipts.get(104)!;
    const ask = await say(h, user, "/hapusdata", "Hapus data ikrar?");
    const del = buttons(ask).find((b) => b.data?.startsWith("ikr:del:"))!;
    const keep = h.press(user, "ikr:keep");
    expect((await h.next(keep, "answerCallbackQuery")).payload.text).toContain("tetap tersimpan");
    expect(await h.app.deps.pledges.byUser("104")).toBeDefined();
    await tap(h, user, del.data!, "telah dihapus");
    expect(await h.app.deps.pledges.byUser("104")).toBeUndefined();
    await say(h, h.user(110), `/verifikasi ${code}`, "tidak ditemukan");
    await say(h, user, "/hapusdata", "Tidak ada data ikrar");
    const stale = h.press(user, del.data!);
    expect((await h.next(stale, "answerCallbackQuery")).payload.text).toContain("sudah tidak ada");
  });

  it("forgets the region used for answer ranking with /hapusdata, reached from a group too", async () => {
    const user = h.user(101);
    const redirect = await h.ask(user, "/hapusdata", { id: -100777, type: "supergroup", title: "Dinas" });
    expect(buttons(redirect)[0]?.url).toBe("https://t.me/asn_netral_bot?start=hapusdata");
    const ask = await say(h, user, "/start hapusdata", "Hapus data ikrar?");
    await tap(h, user, buttons(ask)[0]!.data!, "telah dihapus");
    expect(await h.app.deps.pledges.regionOf("101")).toBeUndefined();
    const answer = await h.ask(user, "PNS boleh like postingan paslon gak?");
    expect(answer.payload.text).not.toContain("Daerah Anda juga punya ketentuan");
  });

  it("answers stale and forged buttons without crashing", async () => {
    const user = h.user(111);
    for (const data of ["ikr:ok", "ikr:st:PNS", "ikr:pv:atlantis", "ikr:pp:9", "ikr:ag:0123456789", "ikr:rg:atlantis"]) {
      const before = h.press(user, data);
      expect((await h.next(before, "answerCallbackQuery")).payload.text).toContain("tidak berlaku");
    }
  });

  it("does not keep a NIP typed outside the form as a question", async () => {
    const user = h.user(112);
    await say(h, user, "1985 0714 2010 0110 03", "Sepertinya Anda mengetik NIP");
    const unanswered = (await h.app.deps.store.records<{ text: string }>("unanswered").list()).map(([, u]) => u);
    expect(unanswered.some((u) => u.text.replace(/\D/g, "").includes("19850714"))).toBe(false);
  });

  it("never writes a plain NIP to the data directory or the logs, and keeps the key file private", async () => {
    await h.app.deps.store.flush();
    const typed = [NIP, "199001012024215001", "198001012005012001", "198803032012122002"];
    for (const file of filesUnder(h.dataDir)) {
      const content = fs.readFileSync(file, "utf8");
      for (const nip of typed) expect(content, file).not.toContain(nip);
    }
    const logs = h.logs.join("\n");
    for (const nip of typed) expect(logs).not.toContain(nip);
    expect(fs.statSync(path.join(h.dataDir, "pledge-secret")).mode & 0o777).toBe(0o600);
  });
});
