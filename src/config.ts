import { z } from "zod";
import { Sealer } from "./core/reports/seal.ts";

/**
 * Whether reports can be sealed for this key. An all-zero or other low-order key has the right
 * length but libsodium refuses to seal for it, so every report would fail; trying once at
 * start-up turns that into a config error instead.
 */
function canSealFor(publicKey: string): boolean {
  try {
    new Sealer(publicKey).seal("probe");
    return true;
  } catch {
    return false;
  }
}

const idList = z
  .string()
  .trim()
  .regex(/^(-?\d+)(\s*,\s*-?\d+)*$/, "harus daftar angka dipisah koma, mis. 12345,67890")
  .transform((s) => s.split(",").map((x) => Number(x.trim())));

const chatId = z.string().trim().regex(/^-?\d+$/, "harus id chat berupa angka, mis. -1001234567890").transform(Number);

/**
 * Every setting the bot reads from the environment, validated once at start-up so that a typo
 * surfaces as one readable line instead of a failure deep inside a handler.
 */
const schema = z
  .object({
    BOT_TOKEN: z.string().trim().regex(/^\d+:[\w-]{20,}$/, "bukan token BotFather yang valid (bentuk 123456:ABC...)").optional(),
    BOT_API_ROOT: z.url({ message: "harus URL, mis. https://api.telegram.org" }).default("https://api.telegram.org"),
    DATA_DIR: z.string().min(1).default("./data"),
    KNOWLEDGE_DIR: z.string().min(1).default("./knowledge"),
    ADMIN_IDS: idList.optional(),
    REVIEWER_CHAT_ID: chatId.optional(),
    EXPERT_CHAT_ID: chatId.optional(),
    HANDOFF_SECRET: z.string().min(16, "minimal 16 karakter").optional(),
    HANDOFF_LINK_DAYS: z.coerce.number().int().min(1, "minimal 1 hari").max(60, "maksimal 60 hari").default(7),
    HANDOFF_REMIND_HOURS: z.coerce.number().int().min(1, "minimal 1 jam").max(720, "maksimal 720 jam").default(24),
    QUESTION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    WEBHOOK_URL: z.url({ protocol: /^https$/, message: "harus URL https" }).optional(),
    WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "hanya huruf, angka, _ dan - (1-256 karakter)").optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    PLEDGE_SECRET: z.string().min(16, "minimal 16 karakter").optional(),
    REPORT_PUBLIC_KEY: z
      .base64("harus kunci publik X25519 dalam base64")
      .refine((key) => Buffer.from(key, "base64").length === 32, { message: "harus kunci publik X25519 (32 byte, base64); buat dengan npm run reports -- keygen", abort: true })
      .refine(canSealFor, "bukan kunci publik yang dapat dipakai untuk menyegel laporan (mis. semua nol); buat kunci baru dengan npm run reports -- keygen")
      .optional(),
    REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    NODE_ENV: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.WEBHOOK_URL && !env.WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "wajib diisi bila WEBHOOK_URL diisi" });
    }
    if (env.NODE_ENV === "production" && !env.PLEDGE_SECRET) {
      // A key generated into DATA_DIR sits next to the hashes it protects: whoever copies the
      // folder can recover NIPs by trying every plausible number.
      ctx.addIssue({ code: "custom", path: ["PLEDGE_SECRET"], message: "wajib diisi di produksi (NODE_ENV=production), dan disimpan di luar DATA_DIR; buat dengan: openssl rand -base64 32" });
    }
    if (env.NODE_ENV === "production" && env.EXPERT_CHAT_ID !== undefined && !env.HANDOFF_SECRET) {
      // Same reason: a link key generated into DATA_DIR lets a copy of the folder tell who asked what.
      ctx.addIssue({ code: "custom", path: ["HANDOFF_SECRET"], message: "wajib diisi di produksi bila EXPERT_CHAT_ID diisi, dan disimpan di luar DATA_DIR; buat dengan: openssl rand -base64 32" });
    }
    if (env.WEBHOOK_URL && !env.BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["BOT_TOKEN"], message: "wajib diisi bila WEBHOOK_URL diisi" });
    }
  });

export type Config = {
  botToken: string | undefined;
  apiRoot: string;
  dataDir: string;
  knowledgeDir: string;
  adminIds: number[];
  reviewerChatId: number | undefined;
  /** The experts' group (BKPSDM/Inspektorat/Bawaslu staff) that answers hand-offs; unset = no hand-off. */
  expertChatId: number | undefined;
  /** Key material for sealing the hand-off link to an asker's chat; unset = generated into DATA_DIR. */
  handoffSecret: string | undefined;
  /** Days a hand-off link to the asker is kept when nobody answers. */
  handoffLinkDays: number;
  /** Hours after which an unanswered hand-off reminds the experts (once). */
  handoffRemindHours: number;
  /** Days the question texts (unanswered log, 👎 records, hand-off questions and answers) are kept. */
  questionRetentionDays: number;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  webhook: { url: string; secret: string; port: number } | undefined;
  pledgeSecret: string | undefined;
  reportPublicKey: string | undefined;
  reportRetentionDays: number;
};

/** `warnings`: settings that no longer do anything, said once at start-up rather than silently ignored. */
export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; problems: string[] };

/** Old settings and what replaced them. */
const RETIRED: Record<string, string> = {
  ELECTION_DATE: "ELECTION_DATE tidak dipakai lagi: tanggal pemungutan suara kini dibaca dari knowledge/kalender.yaml (lihat README, \"Menjelang pemilu berikutnya\"). Hapus baris itu dari .env.",
};

/** Empty strings in `.env` mean "not set", as people expect from a copied `.env.example`. */
function dropEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ""));
}

/**
 * Parses the environment; on failure returns one human line per problem instead of throwing.
 * There is no election date here: votes come from `knowledge/kalender.yaml`, never from a guess.
 */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = schema.safeParse(dropEmpty(env));
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`) };
  }
  const e = parsed.data;
  return {
    ok: true,
    warnings: Object.keys(RETIRED)
      .filter((key) => env[key]?.trim())
      .map((key) => RETIRED[key] as string),
    config: {
      botToken: e.BOT_TOKEN,
      apiRoot: e.BOT_API_ROOT.replace(/\/+$/, ""),
      dataDir: e.DATA_DIR,
      knowledgeDir: e.KNOWLEDGE_DIR,
      adminIds: e.ADMIN_IDS ?? [],
      reviewerChatId: e.REVIEWER_CHAT_ID,
      expertChatId: e.EXPERT_CHAT_ID,
      handoffSecret: e.HANDOFF_SECRET,
      handoffLinkDays: e.HANDOFF_LINK_DAYS,
      handoffRemindHours: e.HANDOFF_REMIND_HOURS,
      questionRetentionDays: e.QUESTION_RETENTION_DAYS,
      logLevel: e.LOG_LEVEL,
      webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, port: e.PORT } : undefined,
      pledgeSecret: e.PLEDGE_SECRET,
      reportPublicKey: e.REPORT_PUBLIC_KEY,
      reportRetentionDays: e.REPORT_RETENTION_DAYS,
    },
  };
}
