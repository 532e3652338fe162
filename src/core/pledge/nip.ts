import { formatCalendarDate, wibDay, wibMonthNumber } from "./time.ts";

/** PNS and PPPK numbers share the birth date prefix but differ after it, so the checks differ. */
export type EmployeeStatus = "PNS" | "PPPK";

/** What a valid number tells about its holder; shown back in the summary so typos are caught. */
export type NipFacts = {
  /** `YYYY-MM-DD` from digits 1–8. */
  birthDate: string;
  /** `YYYY-MM` of appointment (TMT) from digits 9–14; PNS only. */
  appointed?: string;
  /** Digit 15: 1 = male, 2 = female; PNS only. */
  gender?: 1 | 2;
};

/** Which rule a number broke; tests and callers branch on this, users read `message`. */
export type NipProblem = "not-digits" | "length" | "birth-date" | "age" | "tmt-invalid" | "tmt-before-18" | "tmt-future" | "gender";

/** A valid number (normalised, with what it proves) or the first rule it breaks. */
export type NipCheck = { ok: true; nip: string; last4: string; facts: NipFacts } | { ok: false; problem: NipProblem; message: string };

/** Both NIP and NI PPPK have 18 digits. */
export const NIP_LENGTH = 18;
/** Youngest and oldest plausible ASN: appointment from 18; no retirement age goes past 70 (professors). */
export const MIN_AGE = 18;
export const MAX_AGE = 70;

/** How a masked number is displayed everywhere: only the last four digits, which identify nobody alone. */
export function maskNip(last4: string): string {
  return "•".repeat(NIP_LENGTH - 4) + last4;
}

/** People type NIPs the way they are printed ("19850714 201001 1 003"); separators carry no meaning. */
export function normalizeNip(raw: string): string {
  return raw.replace(/[\s.\-]/g, "");
}

/** The label of the number for a status, so messages say "NI PPPK" to PPPK employees. */
export function numberLabel(status: EmployeeStatus): string {
  return status === "PNS" ? "NIP" : "NI PPPK";
}

function realDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Completed years between a birth date and a WIB day, as people count birthdays. */
function ageOn(birth: { year: number; month: number; day: number }, today: string): number {
  const [year, month, day] = today.split("-").map(Number) as [number, number, number];
  const hadBirthday = month > birth.month || (month === birth.month && day >= birth.day);
  return year - birth.year - (hadBirthday ? 0 : 1);
}

function fail(problem: NipProblem, message: string): NipCheck {
  return { ok: false, problem, message };
}

/**
 * Checks a NIP (PNS, 18 digits: birth date, TMT, gender, serial) or an NI PPPK (18 digits, birth
 * date first, the rest laid out differently) against what the number can prove by itself. A typo
 * caught here is one the agency would otherwise find in its export; the number is never stored.
 */
export function checkNip(status: EmployeeStatus, raw: string, now: Date): NipCheck {
  const label = numberLabel(status);
  const nip = normalizeNip(raw);
  if (!/^\d+$/.test(nip)) return fail("not-digits", `${label} hanya boleh berisi angka (spasi dan titik boleh). Mohon ketik ulang ${NIP_LENGTH} digit ${label} Anda.`);
  if (nip.length !== NIP_LENGTH) return fail("length", `${label} harus ${NIP_LENGTH} digit, sedangkan yang Anda ketik ${nip.length} digit. Mohon periksa kembali.`);

  const birth = { year: Number(nip.slice(0, 4)), month: Number(nip.slice(4, 6)), day: Number(nip.slice(6, 8)) };
  if (!realDate(birth.year, birth.month, birth.day)) {
    return fail("birth-date", `8 digit pertama ${label} adalah tanggal lahir (TTTTBBHH), tetapi ${nip.slice(0, 8)} bukan tanggal yang ada. Mohon periksa kembali.`);
  }
  const birthDate = `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`;
  const age = ageOn(birth, wibDay(now));
  if (age < MIN_AGE || age > MAX_AGE) {
    return fail("age", `Tanggal lahir pada ${label} (${formatCalendarDate(birthDate)}) berarti usia ${age} tahun, padahal usia ASN ${MIN_AGE}–${MAX_AGE} tahun. Mohon periksa 8 digit pertama.`);
  }
  const last4 = nip.slice(-4);
  if (status === "PPPK") return { ok: true, nip, last4, facts: { birthDate } };

  const tmtYear = Number(nip.slice(8, 12));
  const tmtMonth = Number(nip.slice(12, 14));
  if (tmtMonth < 1 || tmtMonth > 12) {
    return fail("tmt-invalid", `Digit ke-9 sampai ke-14 NIP adalah TMT pengangkatan (TTTTBB), tetapi ${nip.slice(8, 14)} bukan bulan yang ada. Mohon periksa kembali.`);
  }
  const tmt = tmtYear * 100 + tmtMonth;
  const appointed = `${nip.slice(8, 12)}-${nip.slice(12, 14)}`;
  if (tmt < (birth.year + MIN_AGE) * 100 + birth.month) {
    return fail("tmt-before-18", `TMT pengangkatan pada NIP (${appointed}) jatuh sebelum usia ${MIN_AGE} tahun menurut tanggal lahirnya (${formatCalendarDate(birthDate)}). Mohon periksa digit ke-1 sampai ke-14.`);
  }
  if (tmt > wibMonthNumber(now)) return fail("tmt-future", `TMT pengangkatan pada NIP (${appointed}) masih di masa depan. Mohon periksa digit ke-9 sampai ke-14.`);

  const gender = nip[14];
  if (gender !== "1" && gender !== "2") return fail("gender", `Digit ke-15 NIP menunjukkan jenis kelamin dan harus 1 atau 2, bukan ${gender}. Mohon periksa kembali.`);
  return { ok: true, nip, last4, facts: { birthDate, appointed, gender: gender === "1" ? 1 : 2 } };
}

/** Long digit strings typed outside the pledge form are almost surely a NIP: never keep them as a question. */
export function looksLikeNip(text: string): boolean {
  return /^[\d\s.\-]+$/.test(text) && normalizeNip(text).length >= 15;
}
