import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CALENDAR, knowledgeWithCalendar, writeCalendar } from "../support/calendar.ts";
import { toNip, toRegency } from "../support/pledge-flow.ts";
import { Harness, TestClock } from "../support/harness.ts";

const ADMIN = 42;
const text = (call: { payload: Record<string, any> }) => String(call.payload.text);

/** A re-vote added after start-up: the calendar an editor ships for the next election. */
const WITH_KUPANG_REVOTE = `${FIXTURE_CALENDAR}
- id: psu-kupang-uji
  name: "PSU Kota Kupang Uji 2027"
  kind: pemungutan-suara-ulang
  scope: {provinsi: "Nusa Tenggara Timur", kabupaten: "Kota Kupang"}
  source: {id: pkpu-2-2024, ref: "jadwal uji"}
  phases:
    voting: {date: 2027-04-07}
`;

/** A calendar with three mistakes kb:check must name. */
const BROKEN = `
- id: rusak
  name: "Kalender Rusak"
  kind: pilkada
  scope: {provinsi: "Atlantis"}
  source: {id: pkpu-2-2024, ref: "x"}
  phases:
    quiet: {start: 2027-05-10, end: 2027-05-12}
    voting: {date: 2027-05-01, source: {id: sumber-tak-dikenal, ref: "x"}}
`;

describe("/muatulang reloads knowledge/ without a restart, only when kb:check passes", () => {
  let h: Harness;
  let dir: string;
  const admin = () => h.user(ADMIN);

  beforeAll(async () => {
    dir = knowledgeWithCalendar(FIXTURE_CALENDAR);
    h = await Harness.start({ env: { KNOWLEDGE_DIR: dir, ADMIN_IDS: String(ADMIN) }, clock: new TestClock(new Date("2026-11-29T03:00:00Z")) });
    await h.app.deps.chats.register(ADMIN, "private");
    await h.app.deps.chats.update(ADMIN, { province: "Nusa Tenggara Timur", timezone: "WITA", kabupaten: "Kota Kupang" });
  });
  afterAll(() => h.stop());

  it("refuses anyone but an admin", async () => {
    expect(text(await h.ask(h.user(43), "/muatulang"))).toContain("hanya untuk admin");
  });

  it("applies a valid calendar, reminder texts and entries at once: /jadwal, reminders and answers follow", async () => {
    writeCalendar(dir, WITH_KUPANG_REVOTE);
    const texts = path.join(dir, "pengingat.yaml");
    fs.writeFileSync(texts, fs.readFileSync(texts, "utf8").replace("Pengingat netralitas ASN: pemungutan suara", "Pengingat netralitas ASN (teks baru): pemungutan suara"));
    const entry = fs.readFileSync(path.join(dir, "umum", "umum-arti-netralitas-asn.md"), "utf8").replace("id: umum-arti-netralitas-asn", "id: umum-entri-baru-uji");
    fs.writeFileSync(path.join(dir, "umum", "umum-entri-baru-uji.md"), entry);
    const entriesBefore = h.app.deps.knowledge.entries.length;

    const done = text(await h.ask(admin(), "/muatulang"));
    expect(done).toContain("✅ <b>Basis pengetahuan dimuat ulang</b>");
    expect(done).toContain("4 pemungutan suara di kalender");
    expect(done).toContain("PSU Kota Kupang Uji 2027");
    expect(h.app.deps.knowledge.entries.length).toBe(entriesBefore + 1);
    expect(h.app.deps.search.get("umum-entri-baru-uji")).toBeDefined();
    expect(h.app.deps.reminders.plan.some((slot) => slot.vote.id === "psu-kupang-uji")).toBe(true);
    expect(h.app.deps.reminders.plan.some((slot) => slot.template.text.includes("(teks baru)"))).toBe(true);
    expect(text(await h.ask(admin(), "/jadwal"))).toContain("PSU Kota Kupang Uji 2027");
  });

  it("a province added to provinsi.yaml reaches the pledge form without a restart", async () => {
    fs.appendFileSync(path.join(dir, "provinsi.yaml"), "- name: Kepulauan Uji\n  timezone: WITA\n");
    expect(text(await h.ask(admin(), "/muatulang"))).toContain("✅");
    const user = h.user(77);
    await toNip(h, user);
    await toRegency(h, user, { nip: "19850714 201001 1 003", agency: "Pemerintah Kepulauan Uji", province: "Kepulauan Uji" });
  });

  it("keeps the old knowledge when the new calendar is broken, and says what to fix", async () => {
    writeCalendar(dir, BROKEN);
    const refused = text(await h.ask(admin(), "/muatulang"));
    expect(refused).toContain("❌ <b>Basis pengetahuan tidak dimuat ulang</b>");
    expect(refused).toContain("Bot tetap memakai berkas sebelumnya");
    expect(refused).toContain('kalender.yaml: rusak.scope.provinsi: "Atlantis" bukan nama provinsi');
    expect(refused).toContain('kalender.yaml: rusak.phases.voting.source.id: sumber "sumber-tak-dikenal" tidak terdaftar');
    expect(refused).toContain("kalender.yaml: rusak.phases.voting: dimulai (2027-05-01) sebelum quiet");
    expect(h.app.deps.knowledge.calendar.votes.map((v) => v.id)).toContain("psu-kupang-uji");
    expect(text(await h.ask(admin(), "/jadwal"))).toContain("PSU Kota Kupang Uji 2027");
  });

  it("keeps the old knowledge when a file cannot even be read", async () => {
    writeCalendar(dir, "- id: [tidak ditutup\n");
    const refused = text(await h.ask(admin(), "/muatulang"));
    expect(refused).toContain("kalender.yaml: tidak dapat dibaca");
    expect(h.app.deps.knowledge.calendar.votes).toHaveLength(4);
    writeCalendar(dir, WITH_KUPANG_REVOTE);
  });
});
