import type { Collection } from "../../storage/store.ts";
import { checkNip, type EmployeeStatus, type NipFacts } from "./nip.ts";
import type { Region } from "../knowledge/types.ts";
import { findProvince, matchRegion, tidyRegency, type Province } from "./places.ts";
import type { Pledge } from "./service.ts";

/** The questions of the pledge form, in the order asked. */
export const FORM_STEPS = ["status", "name", "nip", "agency", "unit", "province", "regency", "confirm"] as const;
/** One question of the form, or the final confirmation. */
export type FormStep = (typeof FORM_STEPS)[number];

/** Questions the user answers (the confirmation is not counted as one). */
export const QUESTION_COUNT = FORM_STEPS.length - 1;

/** A form nobody touched for this long is dropped: its contents are personal data. */
export const FORM_TTL_MS = 30 * 60_000;

/** How long "your form expired" can still be said before even that marker is removed. */
const TOMBSTONE_TTL_MS = 24 * 3600_000;

/**
 * A pledge in progress, persisted so a restart does not lose it. The NIP never appears here: once
 * typed it is reduced to its keyed hash and last four digits. What the number proves (birth date,
 * appointment month) is shown once and never stored: with the last digits it would spell out the
 * whole NIP.
 */
export type PledgeForm = {
  step: FormStep;
  updatedAt: string;
  status?: EmployeeStatus;
  name?: string;
  nip?: { hash: string; last4: string };
  agency?: string;
  unit?: string;
  province?: string;
  regency?: string;
};

/** An expired form keeps only this marker, so the returning user is told instead of ignored. */
type ExpiredForm = { step: "expired"; updatedAt: string };
/** What the `pledge-forms` collection holds per user id. */
export type StoredForm = PledgeForm | ExpiredForm;

/** A user's form as the bot sees it: in progress, expired (say so once), or none. */
export type LoadedForm = { kind: "active"; form: PledgeForm } | { kind: "expired" } | { kind: "none" };

/** What answering one step needs from outside: the NIP key, the duplicate index, the clock, places. */
export type StepEnv = {
  now: Date;
  provinces: Province[];
  /** Seed regions: "Lembata" typed in NTT is stored as their spelling, "Kabupaten Lembata". */
  regions: Region[];
  hashNip: (nip: string) => string;
  pledgeForNip: (nipHash: string) => Pledge | undefined;
};

/**
 * The next state (with what a just-typed NIP proves, to show once), a message saying what is
 * wrong, or the pledge that already uses this NIP.
 */
export type StepResult = { kind: "next"; form: PledgeForm; facts?: NipFacts } | { kind: "invalid"; message: string } | { kind: "taken"; existing: Pledge };

/** 1-based number of a question, for "Langkah 3/7". */
export function stepNumber(step: FormStep): number {
  return FORM_STEPS.indexOf(step) + 1;
}

/** A new, empty form at its first question. */
export function newForm(now: Date): PledgeForm {
  return { step: "status", updatedAt: now.toISOString() };
}

function nextStep(step: FormStep): FormStep {
  return FORM_STEPS[Math.min(FORM_STEPS.indexOf(step) + 1, FORM_STEPS.length - 1)] as FormStep;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Names carry titles ("Dra. Maria Goreti, M.Pd."), apostrophes and hyphens, but never digits. */
export function checkName(typed: string): { ok: true; value: string } | { ok: false; message: string } {
  const name = oneLine(typed);
  if ([...name].length < 3 || [...name].length > 100) return { ok: false, message: "Nama lengkap harus 3–100 karakter. Mohon ketik nama lengkap Anda." };
  if (/\d/.test(name)) return { ok: false, message: "Nama tidak boleh berisi angka. Jika Anda mengetik NIP, tunggu pertanyaan berikutnya; sekarang ketik nama lengkap Anda." };
  if (!/^[\p{L}\p{M} .,'’\-()]+$/u.test(name) || !/\p{L}.*\p{L}/u.test(name)) {
    return { ok: false, message: "Nama hanya boleh berisi huruf, spasi, titik, koma, tanda petik, dan tanda hubung (gelar boleh, mis. Dra. Maria Goreti, M.Pd.)." };
  }
  return { ok: true, value: name };
}

/** Free-text answers (agency, unit, kabupaten/kota): one line, a sensible length, some letters. */
function checkText(typed: string, what: string, example: string): { ok: true; value: string } | { ok: false; message: string } {
  const text = oneLine(typed);
  if ([...text].length < 3 || [...text].length > 120 || !/\p{L}/u.test(text)) return { ok: false, message: `${what} harus 3–120 karakter, mis. ${example}. Mohon ketik ulang.` };
  return { ok: true, value: text };
}

/**
 * Applies the answer to the current question and moves to the next one, or says what is wrong.
 * Pure: storing the result and asking the next question are the caller's job.
 */
export function answerStep(form: PledgeForm, input: string, env: StepEnv): StepResult {
  const advance = (fields: Partial<PledgeForm>): StepResult => ({ kind: "next", form: { ...form, ...fields, step: nextStep(form.step), updatedAt: env.now.toISOString() } });
  switch (form.step) {
    case "status": {
      const status = oneLine(input).toUpperCase();
      if (status !== "PNS" && status !== "PPPK") return { kind: "invalid", message: "Mohon pilih status Anda: PNS atau PPPK (tekan tombol atau ketik salah satunya)." };
      return advance({ status });
    }
    case "name": {
      const name = checkName(input);
      return name.ok ? advance({ name: name.value }) : { kind: "invalid", message: name.message };
    }
    case "nip": {
      const checked = checkNip(form.status ?? "PNS", input, env.now);
      if (!checked.ok) return { kind: "invalid", message: checked.message };
      const hash = env.hashNip(checked.nip);
      const existing = env.pledgeForNip(hash);
      if (existing) return { kind: "taken", existing };
      return { ...advance({ nip: { hash, last4: checked.last4 } }), facts: checked.facts } as StepResult;
    }
    case "agency": {
      const agency = checkText(input, "Nama instansi", "Pemerintah Kabupaten Lembata");
      return agency.ok ? advance({ agency: agency.value }) : { kind: "invalid", message: agency.message };
    }
    case "unit": {
      const unit = checkText(input, "Unit kerja", "Dinas Pendidikan");
      return unit.ok ? advance({ unit: unit.value }) : { kind: "invalid", message: unit.message };
    }
    case "province": {
      const province = findProvince(env.provinces, input);
      if (!province) return { kind: "invalid", message: "Provinsi itu tidak saya kenal. Pilih dari tombol, atau ketik nama lengkapnya, mis. Nusa Tenggara Timur (singkatan seperti NTT juga boleh)." };
      return advance({ province: province.name });
    }
    case "regency": {
      const regency = checkText(input, "Nama kabupaten/kota", "Kabupaten Lembata atau Kota Kupang");
      if (!regency.ok) return { kind: "invalid", message: regency.message };
      return advance({ regency: matchRegion(env.regions, form.province ?? "", regency.value)?.name ?? tidyRegency(regency.value) });
    }
    case "confirm":
      return { kind: "invalid", message: "Data sudah lengkap. Tekan “Saya berikrar” untuk mencatat ikrar, atau “Batal”." };
  }
}

/** Whether a form has every answer the pledge needs (a forged confirm button cannot skip steps). */
export function isComplete(form: PledgeForm): form is Required<PledgeForm> {
  return form.step === "confirm" && !!(form.status && form.name && form.nip && form.agency && form.unit && form.province && form.regency);
}

/**
 * Forms in progress, one per Telegram user id, in a log collection (each answer is one appended
 * line; deletes are compacted off the disk within seconds). Expired forms are reduced to a marker.
 */
export class FormStore {
  constructor(
    private readonly forms: Collection<StoredForm>,
    private readonly now: () => Date,
  ) {}

  /** The user's form; one untouched for 30 minutes counts as expired even before a sweep. */
  load(userId: string): LoadedForm {
    const stored = this.forms.get(userId);
    if (!stored) return { kind: "none" };
    if (stored.step === "expired" || this.#expired(stored)) return { kind: "expired" };
    return { kind: "active", form: stored };
  }

  /** Stores the form and restarts its 30 minutes. */
  save(userId: string, form: PledgeForm): void {
    this.forms.set(userId, { ...form, updatedAt: this.now().toISOString() });
  }

  /** Removes the form (cancel, finish, deletion); the log compaction takes it off the disk. */
  clear(userId: string): void {
    this.forms.delete(userId);
  }

  /** Closes an unfinished form because another flow starts; true if one was in progress. */
  abandon(userId: string): boolean {
    const open = this.load(userId).kind === "active";
    this.clear(userId);
    return open;
  }

  /** Replaces expired forms by markers and drops old markers; returns how many forms expired. */
  sweep(): number {
    let expired = 0;
    for (const [userId, stored] of this.forms.entries()) {
      if (stored.step === "expired") {
        if (this.now().getTime() - Date.parse(stored.updatedAt) > TOMBSTONE_TTL_MS) this.forms.delete(userId);
      } else if (this.#expired(stored)) {
        // Delete first: only a delete compacts the log, so the form's answers really leave the disk.
        this.forms.delete(userId);
        this.forms.set(userId, { step: "expired", updatedAt: stored.updatedAt });
        expired++;
      }
    }
    return expired;
  }

  #expired(form: StoredForm): boolean {
    return this.now().getTime() - Date.parse(form.updatedAt) > FORM_TTL_MS;
  }
}
