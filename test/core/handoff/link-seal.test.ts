import { describe, expect, it } from "vitest";
import { LinkSealer } from "../../../src/core/handoff/link-seal.ts";

describe("hand-off link sealing", () => {
  const sealer = new LinkSealer("a-secret-of-enough-length");

  it("opens what it sealed, and the sealed form shows no trace of the chat id", () => {
    const sealed = sealer.seal("T-ABC123", 5550123987);
    expect(sealed).not.toContain("5550123987");
    expect(sealer.open("T-ABC123", sealed)).toBe(5550123987);
    expect(sealer.seal("T-ABC123", 5550123987)).not.toBe(sealed); // random nonce: equal ids do not look equal
  });

  it("refuses a link moved to another question, sealed with another key, or damaged", () => {
    const sealed = sealer.seal("T-ABC123", 42);
    expect(sealer.open("T-XYZ789", sealed)).toBeUndefined();
    expect(new LinkSealer("another-secret-entirely").open("T-ABC123", sealed)).toBeUndefined();
    expect(sealer.open("T-ABC123", `${sealed.slice(0, -4)}AAAA`)).toBeUndefined();
    expect(sealer.open("T-ABC123", "not base64 at all!")).toBeUndefined();
  });
});
