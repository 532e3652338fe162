import { describe, expect, it } from "vitest";
import { Conversations, FOLLOWUP_TTL_MS } from "../../../src/core/answering/conversations.ts";
import type { Entry } from "../../../src/core/knowledge/types.ts";

const entry = { id: "x" } as Entry;

describe("Conversations (follow-up memory)", () => {
  it("recalls the previous answer of a chat for a few minutes, then forgets it", () => {
    let now = 0;
    const conversations = new Conversations(() => new Date(now));
    conversations.remember("1:1", { entry, terms: ["like"] });
    expect(conversations.recall("1:1")?.terms).toEqual(["like"]);
    expect(conversations.recall("2:2")).toBeUndefined();
    now += FOLLOWUP_TTL_MS + 1;
    expect(conversations.recall("1:1")).toBeUndefined();
  });
});
