import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/core/knowledge/load.ts";
import { answerStep, checkName, FORM_TTL_MS, FormStore, isComplete, newForm, type PledgeForm, type StepEnv, type StoredForm } from "../../../src/core/pledge/form.ts";
import { hashNip } from "../../../src/core/pledge/secret.ts";
import type { Pledge } from "../../../src/core/pledge/service.ts";
import { LowdbStore } from "../../../src/storage/lowdb-store.ts";

const provinces = loadKnowledge("knowledge").provinces;
const taken: Pledge = { receipt: "IKR-AAAA-BBBB", userId: "5", nipHash: hashNip("test-secret", "199001012024215001"), nipLast4: "5001", name: "A", agency: "B", unit: "C", province: "Bali", regency: "Kota Denpasar", pledgedAt: "2026-11-19T01:00:00.000Z" };
const env: StepEnv = {
  now: new Date("2026-11-20T03:00:00Z"),
  provinces,
  regions: loadKnowledge("knowledge").regions,
  hashNip: (nip) => hashNip("test-secret", nip),
  pledgeForNip: (hash) => (hash === taken.nipHash ? taken : undefined),
};

function walk(answers: string[]): PledgeForm {
  let form = newForm(env.now);
  for (const answer of answers) {
    const result = answerStep(form, answer, env);
    if (result.kind !== "next") throw new Error(`step ${form.step} refused ${answer}: ${JSON.stringify(result)}`);
    form = result.form;
  }
  return form;
}

describe("pledge form state machine", () => {
  it("walks status → name → NIP → agency → unit → province → regency → confirm", () => {
    const form = walk(["pns", "  Dra. Maria  Goreti, M.Pd. ", "19850714 201001 2 003", "Pemerintah Kabupaten Lembata", "Dinas Pendidikan", "ntt", "lembata"]);
    expect(form).toMatchObject({
      step: "confirm",
      status: "PNS",
      name: "Dra. Maria Goreti, M.Pd.",
      nip: { hash: hashNip("test-secret", "198507142010012003"), last4: "2003" },
      agency: "Pemerintah Kabupaten Lembata",
      unit: "Dinas Pendidikan",
      province: "Nusa Tenggara Timur",
      regency: "Kabupaten Lembata",
    });
    expect(isComplete(form)).toBe(true);
    expect(JSON.stringify(form)).not.toContain("198507142010012003");
  });

  it("shows what the NIP proves once but never keeps it in the form (with the last digits it spells the NIP)", () => {
    const atNip = walk(["PNS", "Budi Santoso"]);
    const result = answerStep(atNip, "198507142010011003", env);
    expect(result).toMatchObject({ kind: "next", facts: { birthDate: "1985-07-14", appointed: "2010-01" } });
    const stored = JSON.stringify(result.kind === "next" && result.form);
    for (const fact of ["1985", "07-14", "2010-01", "201001"]) expect(stored).not.toContain(fact);
  });

  it("keeps the step and explains when an answer is wrong", () => {
    const atStatus = newForm(env.now);
    expect(answerStep(atStatus, "honorer", env)).toMatchObject({ kind: "invalid" });
    const atNip = walk(["PNS", "Budi Santoso"]);
    const wrong = answerStep(atNip, "123", env);
    expect(wrong).toMatchObject({ kind: "invalid" });
    expect(wrong.kind === "invalid" && wrong.message).toContain("18 digit");
    const atProvince = walk(["PNS", "Budi Santoso", "198507142010011003", "Pemkab", "Dinas"]);
    expect(answerStep(atProvince, "Atlantis", env)).toMatchObject({ kind: "invalid" });
    expect(answerStep(atProvince, "Provinsi Jawa Barat", env)).toMatchObject({ kind: "next", form: { province: "Jawa Barat" } });
  });

  it("uses the PPPK rules when the status is PPPK", () => {
    expect(answerStep(walk(["PPPK", "Budi Santoso"]), "199001012024215002", env)).toMatchObject({ kind: "next", facts: { birthDate: "1990-01-01" } });
  });

  it("reports a NIP that already has a pledge", () => {
    const atNip = walk(["PPPK", "Budi Santoso"]);
    expect(answerStep(atNip, "199001012024215001", env)).toEqual({ kind: "taken", existing: taken });
  });

  it("checks names: letters and titles yes, digits and symbols no", () => {
    expect(checkName("Ni Luh Putu Ayu'  Sari-Dewi")).toEqual({ ok: true, value: "Ni Luh Putu Ayu' Sari-Dewi" });
    expect(checkName("Budi 123").ok).toBe(false);
    expect(checkName("<b>").ok).toBe(false);
    expect(checkName("Al").ok).toBe(false);
  });

  it("tidies a kabupaten that is not a seed region", () => {
    expect(walk(["PNS", "Budi Santoso", "198507142010011003", "Pemkab", "Dinas", "ntt", "kab. sumba  timur"]).regency).toBe("Kabupaten Sumba Timur");
  });

  it("does not accept text at the confirmation step", () => {
    const form = walk(["PNS", "Budi Santoso", "198507142010011003", "Pemkab", "Dinas", "Bali", "Kota Denpasar"]);
    expect(answerStep(form, "ya", env)).toMatchObject({ kind: "invalid" });
  });
});

describe("form storage", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("survives a reopen, expires after 30 minutes and sweeps the answers off the disk", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pledge-form-"));
    dirs.push(dir);
    let now = new Date("2026-11-20T03:00:00Z");
    const clock = () => now;
    let store = await LowdbStore.open(dir);
    const form = walk(["PNS", "Budi Santoso", "198507142010011003"]);
    new FormStore(store.collection<StoredForm>("pledge-forms", { log: true }), clock).save("42", form);
    await store.close();

    store = await LowdbStore.open(dir);
    let forms = new FormStore(store.collection<StoredForm>("pledge-forms", { log: true }), clock);
    expect(forms.load("42")).toMatchObject({ kind: "active", form: { step: "agency", name: "Budi Santoso" } });
    now = new Date(now.getTime() + FORM_TTL_MS - 1000);
    expect(forms.load("42").kind).toBe("active");
    now = new Date(now.getTime() + 2000);
    expect(forms.load("42").kind).toBe("expired");
    expect(forms.sweep()).toBe(1);
    expect(forms.load("42").kind).toBe("expired");
    await store.close();
    expect(fs.readFileSync(path.join(dir, "pledge-forms.jsonl"), "utf8")).not.toContain("Budi");

    store = await LowdbStore.open(dir);
    forms = new FormStore(store.collection<StoredForm>("pledge-forms", { log: true }), clock);
    now = new Date(now.getTime() + 25 * 3600_000);
    forms.sweep();
    expect(forms.load("42").kind).toBe("none");
    await store.close();
  });
});
