import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/core/knowledge/load.ts";
import { KnowledgeSearch } from "../../../src/core/knowledge/search.ts";

const kb = loadKnowledge("knowledge");
const search = new KnowledgeSearch(kb.entries, kb.lexicon);

describe("KnowledgeSearch", () => {
  it("finds the entry for a slangy, misspelled question", () => {
    const outcome = search.search("pns blh ngelike status cabup ga?");
    expect(outcome.hits[0]?.entry.verdict).toBe("tidak_boleh");
  });

  it("tolerates a typo in a word the knowledge base knows", () => {
    expect(search.search("boleh ikut kampanye pakai seragamm dinas?").hits[0]?.entry.id).toBe(search.search("boleh ikut kampanye pakai seragam dinas?").hits[0]?.entry.id);
  });

  it("ranks first the entry whose phrasing a question says, plus words it does not know", () => {
    const outcome = search.search("pns boleh jadi anggota partai asal tidak aktif?");
    expect(outcome.hits[0]?.entry.verdict).toBe("tidak_boleh");
  });

  it("finds nothing for text without words it knows", () => {
    for (const q of ["", "???", "qwzx plokm"]) expect(search.search(q).hits).toEqual([]);
  });

  it("ranks the asker's own region first for a regional question", () => {
    const region = kb.regions[0]!.id;
    const outcome = search.search("aturan netralitas asn di daerah saya", { region });
    expect(outcome.hits[0]?.entry.region).toBe(region);
  });
});

describe("KnowledgeSearch with a known region", () => {
  it("still answers a specific national question with the specific entry", () => {
    const region = kb.regions[0]!.id;
    expect(search.search("PNS boleh like postingan paslon gak?", { region }).hits[0]?.entry.id).toBe(search.search("PNS boleh like postingan paslon gak?").hits[0]?.entry.id);
  });
});
