import type { PhaseKey } from "./vote.ts";

/** A question about the calendar: which stages it asks about, and the year if it names one. */
export type DateQuestion = { phases: PhaseKey[] | "all"; year?: string };

/** Words that ask "when": without one, "masa tenang" is about what is allowed, not about dates. */
const WHEN = /\b(kapan|kpn|tanggal berapa|tanggal brp|tgl berapa|tgl brp|tanggalnya|hari apa|berapa hari lagi|brp hari lagi|jadwal|jadwalnya|tahapan)\b/;

/** Words that make it a question about conduct ("kapan ASN boleh …"): those belong to the knowledge base. */
const CONDUCT = /\b(boleh|bolehkah|dilarang|larangan|melanggar|sanksi|hukuman|netral|netralitas|wajib|cuti|ikrar|lapor|melapor|laporan|asn|pns|pppk)\b/;

/** Stage words, most specific first; voting is also what a bare "pemilu"/"pilkada" means. */
const STAGES: [PhaseKey, RegExp][] = [
  ["registration", /\b(pendaftaran|daftar) (paslon|pasangan calon|calon|bakal calon)\b/],
  ["candidates_set", /\bpenetapan (paslon|pasangan calon|calon)\b/],
  ["campaign", /\bkampanye\b/],
  ["quiet", /\b(masa|minggu|hari) tenang\b/],
  ["counting", /\b(penghitungan|perhitungan|rekapitulasi|rekap) (suara|hasil)?\b|\bpenghitungan\b|\brekapitulasi\b/],
  ["voting", /\b(pencoblosan|nyoblos|coblosan|mencoblos|coblos|pemungutan suara|hari h|hari pemilihan|pemilihan)\b/],
];

/** What counts as naming a vote when no stage is named: "kapan pilkada berikutnya?". */
const VOTE_WORDS = /\b(pemilu|pilkada|pilpres|pileg|pilgub|pilbup|pilwalkot|psu|pemilihan umum)\b/;

/**
 * Recognises a question the election calendar answers — "kapan masa tenang?", "tgl brp
 * pencoblosan?", "kapan pemungutan suara berikutnya?", "jadwal pilkada 2024" — and nothing about
 * conduct, which the knowledge base answers with its sources ("kapan ASN boleh …" is not a date).
 */
export function parseDateQuestion(text: string): DateQuestion | undefined {
  const q = text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, " ").replace(/\s+/g, " ");
  if (!WHEN.test(q) || CONDUCT.test(q)) return undefined;
  const year = /\b(20\d\d)\b/.exec(q)?.[1];
  const phases = STAGES.filter(([, pattern]) => pattern.test(q)).map(([key]) => key);
  const specific = phases.filter((key) => key !== "voting");
  const when = { ...(year ? { year } : {}) };
  if (specific.length > 0) return { phases: phases, ...when };
  if (/\b(jadwal|jadwalnya|tahapan)\b/.test(q) && (phases.length > 0 || VOTE_WORDS.test(q))) return { phases: "all", ...when };
  if (phases.length > 0 || VOTE_WORDS.test(q)) return { phases: ["voting"], ...when };
  return undefined;
}
