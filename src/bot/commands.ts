import type { BotCommand } from "grammy/types";

/** Commands shown in Telegram's menu in private chats; the help text lists the same. */
export const PRIVATE_COMMANDS: BotCommand[] = [
  { command: "tanya", description: "Tanya soal netralitas ASN" },
  { command: "tanyapetugas", description: "Tanya petugas secara anonim" },
  { command: "topik", description: "Pilih pertanyaan dari daftar topik" },
  { command: "ikrar", description: "Ikrar netralitas ASN" },
  { command: "lapor", description: "Laporkan pelanggaran (anonim)" },
  { command: "cek", description: "Cek status laporan dengan kode" },
  { command: "jadwal", description: "Jadwal pemilu/pilkada di daerah Anda" },
  { command: "pengingat", description: "Atur pengingat jelang pemungutan suara" },
  { command: "verifikasi", description: "Verifikasi tanda terima ikrar" },
  { command: "hapusdata", description: "Hapus data ikrar Anda" },
  { command: "batal", description: "Batalkan isian yang sedang berjalan" },
  { command: "bantuan", description: "Cara memakai bot ini" },
];

/** Commands shown in groups: asking, and the admins' settings. */
export const GROUP_COMMANDS: BotCommand[] = [
  { command: "tanya", description: "Tanya soal netralitas ASN" },
  { command: "jadwal", description: "Jadwal pemilu/pilkada di daerah grup" },
  { command: "pengaturan", description: "Atur provinsi dan pengingat grup (admin)" },
  { command: "ikrar", description: "Ikrar netralitas ASN (di chat pribadi)" },
  { command: "lapor", description: "Laporkan pelanggaran (di chat pribadi)" },
  { command: "bantuan", description: "Cara memakai bot ini" },
];

/** Shown to each admin (`ADMIN_IDS`) in their private chat with the bot: the public menu plus admin tools. */
export const ADMIN_COMMANDS: BotCommand[] = [
  ...PRIVATE_COMMANDS,
  { command: "statistik", description: "Rekap ikrar (admin)" },
  { command: "ekspor", description: "Unduh daftar ikrar CSV (admin)" },
  { command: "batalkanikrar", description: "Batalkan ikrar (kode/NIP + alasan) (admin)" },
  { command: "siaran", description: "Kirim siaran ke grup (admin)" },
  { command: "belumterjawab", description: "Pertanyaan tanpa jawaban (admin)" },
  { command: "masukan", description: "Masukan 👍/👎 per jawaban (admin)" },
  { command: "muatulang", description: "Muat ulang basis pengetahuan dan kalender (admin)" },
  { command: "drafentri", description: "Unduh draf entri dari jawaban petugas (admin)" },
];

/** Shown in the reviewers' chat (`REVIEWER_CHAT_ID`). */
export const REVIEWER_COMMANDS: BotCommand[] = [
  { command: "laporan", description: "Daftar laporan yang masih terbuka" },
  { command: "bantuan", description: "Cara memakai bot ini" },
];

/** Shown in the experts' chat (`EXPERT_CHAT_ID`). */
export const EXPERT_COMMANDS: BotCommand[] = [
  { command: "antrean", description: "Pertanyaan yang menunggu jawaban" },
  { command: "bantuan", description: "Cara memakai bot ini" },
];
