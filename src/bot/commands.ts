import type { BotCommand } from "grammy/types";

/** Commands shown in Telegram's menu in private chats; the help text lists the same. */
export const PRIVATE_COMMANDS: BotCommand[] = [
  { command: "tanya", description: "Tanya soal netralitas ASN" },
  { command: "ikrar", description: "Ikrar netralitas ASN" },
  { command: "lapor", description: "Laporkan pelanggaran (anonim)" },
  { command: "cek", description: "Cek status laporan dengan kode" },
  { command: "pengingat", description: "Atur pengingat jelang pemungutan suara" },
  { command: "verifikasi", description: "Verifikasi tanda terima ikrar" },
  { command: "hapusdata", description: "Hapus data ikrar Anda" },
  { command: "batal", description: "Batalkan isian yang sedang berjalan" },
  { command: "bantuan", description: "Cara memakai bot ini" },
];

/** Commands shown in groups: asking, and the admins' settings. */
export const GROUP_COMMANDS: BotCommand[] = [
  { command: "tanya", description: "Tanya soal netralitas ASN" },
  { command: "pengaturan", description: "Atur provinsi dan pengingat grup (admin)" },
  { command: "ikrar", description: "Ikrar netralitas ASN (di chat pribadi)" },
  { command: "lapor", description: "Laporkan pelanggaran (di chat pribadi)" },
  { command: "bantuan", description: "Cara memakai bot ini" },
];
