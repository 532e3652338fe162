import type { Province, Region } from "../knowledge/types.ts";

export type { Province };

/** Lower case, single spaces, no punctuation: how two spellings of one place name are compared. */
export function placeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.,'’()]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The province a typed name or alias means ("ntt", "Provinsi Jawa Barat"), if any. */
export function findProvince(provinces: Province[], typed: string): Province | undefined {
  const key = placeKey(typed).replace(/^(provinsi|prov) /, "");
  return provinces.find((p) => placeKey(p.name) === key || p.aliases.some((a) => placeKey(a) === key));
}

type RegencyName = { kind: "kabupaten" | "kota" | undefined; base: string };

/** Splits "Kab. Lembata" / "Kota Kupang" / "Lembata" into the kind (if stated) and the bare name. */
function splitRegency(name: string): RegencyName {
  const key = placeKey(name);
  const match = /^(kabupaten|kab|kota) (.+)$/.exec(key);
  if (!match) return { kind: undefined, base: key };
  return { kind: match[1] === "kota" ? "kota" : "kabupaten", base: match[2] as string };
}

/**
 * "Kab. Lembata" → "Kabupaten Lembata", and "kota kupang" → "Kota Kupang", so statistics and exports
 * do not split one regency over spellings. Mixed case is kept as typed (it may be deliberate).
 */
export function tidyRegency(typed: string): string {
  let text = typed.replace(/\s+/g, " ").trim();
  if (text === text.toLowerCase()) text = text.replace(/(^|[\s(-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
  return text.replace(/^kab\.?\s+/i, "Kabupaten ").replace(/^kabupaten\s+/i, "Kabupaten ").replace(/^kota\s+/i, "Kota ");
}

/**
 * The seed region a pledge's kabupaten/kota names, so questions from this person rank their own
 * region's circulars first. "Lembata" and "Kabupaten Lembata" both match; "Kota Lembata" or the
 * same name in another province does not, because that is a different place.
 */
export function matchRegion(regions: Region[], province: string, regency: string): Region | undefined {
  const typed = splitRegency(regency);
  return regions.find((region) => {
    const known = splitRegency(region.name);
    return placeKey(region.province) === placeKey(province) && known.base === typed.base && (typed.kind === undefined || known.kind === undefined || typed.kind === known.kind);
  });
}

/**
 * Whether two spellings name the same kabupaten/kota: "Lembata" = "Kab. Lembata", but "Kota
 * Kupang" ≠ "Kabupaten Kupang" (two places). The election calendar matches chats to re-votes so.
 */
export function sameRegency(a: string, b: string): boolean {
  const [x, y] = [splitRegency(a), splitRegency(b)];
  return x.base === y.base && (x.kind === undefined || y.kind === undefined || x.kind === y.kind);
}
