/**
 * The anonymous report as the bot and the offline tools see it. Nothing here may ever name the
 * reporter: there is no field for a Telegram id, username or name, so no code path can store one.
 */

/** What the reporter picks from buttons; kept in the clear so reviewers can list reports by kind. */
export const CATEGORIES = [
  { id: "medsos", label: "Media sosial" },
  { id: "kampanye", label: "Kampanye / atribut" },
  { id: "fasilitas", label: "Fasilitas negara" },
  { id: "keputusan", label: "Keputusan/program yang menguntungkan calon" },
  { id: "uang", label: "Politik uang / pemberian" },
  { id: "intimidasi", label: "Intimidasi / pengerahan ASN" },
  { id: "lainnya", label: "Lainnya" },
] as const;

/** A category's stable id, used in callback data and storage. */
export type CategoryId = (typeof CATEGORIES)[number]["id"];

/** The category's label, or the raw id if a future version removed it (old reports stay readable). */
export function categoryLabel(id: string): string {
  return CATEGORIES.find((c) => c.id === id)?.label ?? id;
}

/** Narrows user-supplied callback data to a known category. */
export function isCategory(id: string): id is CategoryId {
  return CATEGORIES.some((c) => c.id === id);
}

/** Where a report stands; the reporter sees it with `/cek`, reviewers move it with buttons. */
export const STATUSES = {
  baru: "Baru",
  diterima: "Diterima",
  ditindaklanjuti: "Ditindaklanjuti",
  selesai: "Selesai",
  ditolak: "Ditolak",
} as const;

export type ReportStatus = keyof typeof STATUSES;

/**
 * The moves reviewers may make from each status: one step forward, rejection (with a reason) while
 * the case is open, and reopening a closed case so a mis-click is never final.
 */
export const TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
  baru: ["diterima", "ditolak"],
  diterima: ["ditindaklanjuti", "ditolak"],
  ditindaklanjuti: ["selesai", "ditolak"],
  selesai: ["diterima"],
  ditolak: ["diterima"],
};

/** Open cases are the reviewers' work list (`/laporan`). */
export function isOpen(status: ReportStatus): boolean {
  return status === "baru" || status === "diterima" || status === "ditindaklanjuti";
}

/** Narrows callback data to a status. */
export function isStatus(value: string): value is ReportStatus {
  return Object.hasOwn(STATUSES, value);
}

/** The kinds of Telegram media accepted as evidence: what a phone can send that a reviewer can open. */
export const MEDIA_KINDS = ["photo", "document", "video", "audio", "voice"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * One piece of evidence. Media are kept only as Telegram file references (usable by this bot
 * alone), links as text: no message metadata, no sender, no original chat.
 */
export type Evidence = { kind: MediaKind; fileId: string; caption?: string } | { kind: "link"; url: string };

/** What the reporter wrote: the part sealed with `REPORT_PUBLIC_KEY` when one is configured. */
export type ReportContent = {
  what: string;
  who?: string;
  where?: string;
  when?: string;
  evidence: Evidence[];
};

/** Who wrote a thread message; deliberately only a role, never a person. */
export type Author = "pelapor" | "peninjau";

/** One follow-up message between reporter and reviewers. */
export type ThreadText = { text: string; evidence?: Evidence[] };

/** A thread message as stored: the author and time in the clear, the text possibly sealed. */
export type StoredThreadMessage = { from: Author; at: string } & ({ text: string; evidence?: Evidence[] } | { sealed: string });

/** A report as kept in `reports` (db.json). `content` is either plain or a `crypto_box_seal` box. */
export type StoredReport = {
  /** Short id for reviewers ("L-7K3QPX"); it is not the receipt code and grants nothing. */
  id: string;
  /** Keyed hash of the receipt code; the code itself is never stored. */
  codeHash: string;
  category: CategoryId;
  status: ReportStatus;
  /** WIB day (`YYYY-MM-DD`); reports from earlier versions hold an ISO instant. */
  createdAt: string;
  updatedAt: string;
  content: ReportContent | { sealed: string };
  thread: StoredThreadMessage[];
  /** Reviewer-chat messages that belong to this report, so a reply to any of them joins its thread. */
  reviewerMessageIds: number[];
  /** Reviewer-chat prompts asking for a rejection reason; a reply to one rejects the report. */
  rejectPromptIds: number[];
};


/** Narrows stored content to its sealed form. */
export function isSealed<T extends object>(value: T | { sealed: string }): value is { sealed: string } {
  return "sealed" in value && typeof (value as { sealed: unknown }).sealed === "string";
}

/**
 * A stored report time for people: reports keep only the WIB day ("2026-11-20"), shown as a
 * date; older reports kept the instant, shown with the time in WIB.
 */
export function formatDateTime(stored: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(stored)) return new Intl.DateTimeFormat("id-ID", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${stored}T00:00:00Z`));
  return new Intl.DateTimeFormat("id-ID", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Jakarta" }).format(new Date(stored)) + " WIB";
}
