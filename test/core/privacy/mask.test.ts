import { describe, expect, it } from "vitest";
import { maskPersonalData } from "../../../src/core/privacy/mask.ts";

describe("maskPersonalData", () => {
  it.each([
    ["NIP saya 198503122010011002 apakah aman", "NIP saya [NIP] apakah aman"],
    ["nip 19850312 201001 1 002 ya", "nip [NIP] ya"],
    ["NIK 3201234567890123", "NIK [NIK]"],
    ["hubungi 0812-3456-7890 atau +62 812 3456 7890", "hubungi [nomor telepon] atau [nomor telepon]"],
    ["email budi.s@dinas.go.id", "email [email]"],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toEqual({ text: expected, masked: true });
  });

  it.each(["Pasal 5 huruf n angka 6 PP 94/2021", "pemungutan suara 27 November 2024", "gaji 4.500.000 rupiah", "ASN boleh like?"])("leaves %s alone", (input) => {
    expect(maskPersonalData(input)).toEqual({ text: input, masked: false });
  });
});
