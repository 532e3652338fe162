/**
 * Personal data people type into free text without thinking: an 18-digit NIP, a 16-digit NIK, a
 * phone number, an e-mail address. Texts that leave the asker's chat or are kept for the team
 * (unanswered questions, feedback, hand-offs to staff) pass through `maskPersonalData` first, so
 * what is stored or shown cannot point back to a person.
 */

/** Runs of digits, optionally split by spaces, dots or dashes ("1985 0312 ...", "0812-3456-7890"). */
const DIGIT_RUN = /\+?\d(?:[\d.\- ]*\d)?/g;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;

/** Fewer digits than this are dates, amounts or article numbers, not identifiers. */
const MIN_IDENTIFIER_DIGITS = 9;

function maskDigits(run: string): string {
  const digits = run.replace(/\D/g, "");
  if (digits.length < MIN_IDENTIFIER_DIGITS) return run;
  if (digits.length === 18) return "[NIP]";
  if (digits.length === 16) return "[NIK]";
  if (/^(\+?62|0)8/.test(run.replace(/[.\- ]/g, ""))) return "[nomor telepon]";
  return "[nomor]";
}

/** The text with identifiers replaced by labels; `masked` tells the caller whether to say so. */
export function maskPersonalData(text: string): { text: string; masked: boolean } {
  const masked = text.replace(EMAIL, "[email]").replace(DIGIT_RUN, (run) => {
    // Keep the spacing around the run: only the digits are an identifier.
    const lead = run.match(/^[^\d+]*/)?.[0] ?? "";
    const trail = run.match(/[^\d]*$/)?.[0] ?? "";
    return lead + maskDigits(run.slice(lead.length, run.length - trail.length)) + trail;
  });
  return { text: masked, masked: masked !== text };
}
