import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Entry, KbProblem } from "./types.ts";

const text = z.string().trim().min(1, "tidak boleh kosong");

/** Callback data carries entry ids ("q:<id>", "fb:+:<id>"), so ids must stay short. */
export const MAX_ID_LENGTH = 48;

const frontMatter = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "harus huruf kecil, angka, dan tanda hubung")
    .max(MAX_ID_LENGTH, `maksimal ${MAX_ID_LENGTH} karakter`),
  title: text.max(120, "maksimal 120 karakter"),
  verdict: z.enum(["boleh", "tidak_boleh", "bersyarat", "info"], { message: "harus boleh, tidak_boleh, bersyarat, atau info" }),
  questions: z.array(text).min(1, "minimal satu pertanyaan"),
  keywords: z.array(z.coerce.string()).default([]),
  tags: z.array(z.coerce.string()).default([]),
  sources: z.array(z.object({ id: text, ref: text })).min(1, "setiap jawaban wajib mengutip sumber"),
  sanction: text.optional(),
  summary: text.max(400, "maksimal 400 karakter").optional(),
  condition: text.max(300, "maksimal 300 karakter").optional(),
  facts: z.record(z.string().regex(/^[a-z_]+$/, "nama fakta: huruf kecil dan _"), z.enum(["ya", "tidak"], { message: "harus ya atau tidak" })).default({}),
  region: z.string().regex(/^[a-z-]+$/).optional(),
  related: z.array(z.string()).default([]),
  updated: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
});

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export type ParseResult = { entry: Entry; problems: [] } | { entry: undefined; problems: KbProblem[] };

/** Parses one entry file; every problem names the file and the field to fix. */
export function parseEntry(file: string, source: string): ParseResult {
  const match = FRONT_MATTER.exec(source);
  if (!match) return fail(file, "front matter", "berkas harus diawali blok --- ... --- (front matter YAML)");
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "");
  } catch (error) {
    return fail(file, "front matter", `YAML tidak valid: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = frontMatter.safeParse(data);
  if (!parsed.success) {
    return { entry: undefined, problems: parsed.error.issues.map((i) => ({ file, field: i.path.join(".") || "front matter", message: i.message })) };
  }
  const body = (match[2] ?? "").trim();
  if (body.length < 40) return fail(file, "body", "jawaban (isi setelah front matter) kosong atau terlalu pendek");
  const { tags, keywords, ...rest } = parsed.data;
  return { entry: { ...rest, keywords: [...keywords, ...tags], body, file }, problems: [] };
}

function fail(file: string, field: string, message: string): ParseResult {
  return { entry: undefined, problems: [{ file, field, message }] };
}
