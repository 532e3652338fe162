import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../context.ts";
import { callbackData } from "../format/html.ts";

const PRIVATE_HELP = `Halo! Saya <b>ASN Netral</b>, asisten netralitas ASN (PNS dan PPPK) selama pemilu dan pilkada.

Yang bisa saya bantu:
• <b>Jawab pertanyaan</b>: ketik saja pertanyaan Anda, mis. <i>bolehkah PNS like postingan calon?</i> Saya jawab boleh/tidak boleh/bersyarat beserta pasal dan sanksinya.
• /tanyapetugas — bila saya tidak bisa menjawab, tanyakan ke petugas BKPSDM/Inspektorat/Bawaslu secara anonim.
• /topik — pilih dari daftar topik bila Anda lebih suka mengetuk daripada mengetik.
• /ikrar — ikrar netralitas ASN secara pribadi, dengan tanda terima.
• /lapor — laporkan pelanggaran netralitas secara anonim; /cek untuk memantau laporan.
• /jadwal — jadwal pemilu/pilkada di daerah Anda, dengan sisa harinya.
• /pengingat — pengingat jelang hari pemungutan suara.
• /bantuan — pesan ini.

Jawaban saya adalah panduan umum, bukan nasihat hukum.`;

const GROUP_HELP = `Halo! Saya <b>ASN Netral</b>. Di grup ini saya menjawab bila disebut (@nama bot), dibalas, atau dengan /tanya &lt;pertanyaan&gt;.
/jadwal menampilkan jadwal pemungutan suara di daerah grup. Admin grup dapat mengatur provinsi dan pengingat dengan /pengaturan. Untuk /ikrar dan /lapor, buka chat pribadi dengan saya.`;

/** `/start` and `/bantuan`: what the bot does and how to use it, shorter in groups. */
export const welcomeFeature = new Composer<BotContext>();

welcomeFeature.command(["start", "bantuan", "help"], async (ctx, next) => {
  // Deep links (/start lapor, /start ikrar) belong to their features, installed after this one.
  if (ctx.hasCommand("start") && ctx.match) return next();
  if (ctx.chat.type === "private") {
    const keyboard = new InlineKeyboard().text("📚 Lihat topik", callbackData("tp")).text("❓ Contoh pertanyaan", callbackData("contoh"));
    await ctx.reply(PRIVATE_HELP, { parse_mode: "HTML", reply_markup: keyboard });
  } else {
    await ctx.reply(GROUP_HELP, { parse_mode: "HTML" });
  }
});

const EXAMPLES = [
  "Bolehkah PNS memberi like unggahan calon?",
  "Boleh datang ke kampanye tanpa atribut?",
  "Istri saya caleg, bolehkah saya ikut kampanye?",
  "Apa sanksinya kalau ASN tidak netral?",
  "Ke mana melaporkan ASN yang tidak netral?",
];

welcomeFeature.callbackQuery("contoh", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.reply(`Contoh pertanyaan yang bisa Anda ketik:\n${EXAMPLES.map((q) => `• ${q}`).join("\n")}`);
});
