import { afterAll, describe, expect, it } from "vitest";
import { Conversations, FOLLOWUP_TTL_MS } from "../../../src/core/answering/conversations.ts";
import { PendingQuestions, PENDING_TTL_MS } from "../../../src/core/handoff/pending.ts";
import { loadKnowledge } from "../../../src/core/knowledge/load.ts";
import { StateSecret } from "../../../src/core/reports/state-secret.ts";
import { storeKinds } from "../../support/stores.ts";

const entries = loadKnowledge("knowledge").entries;
const entry = entries[0]!;
const byId = (id: string) => entries.find((e) => e.id === id);

describe.each(storeKinds())("state in flight shared by instances on $name", (kind) => {
  afterAll(() => kind.cleanUp());

  it.skipIf(kind.skip)("a follow-up is read in the light of the previous answer on another instance, for a few minutes, under a keyed hash", async () => {
    let t = Date.parse("2026-11-20T03:00:00Z");
    const store = await kind.place().open(() => t);
    const secret = "s".repeat(32);
    const a = new Conversations(store, new StateSecret(secret), byId);
    const b = new Conversations(store, new StateSecret(secret), byId);
    await a.remember("123:456", { entry, terms: ["like"] });
    expect(await b.recall("123:456")).toEqual({ entry, terms: ["like"] });
    expect(await b.recall("123:457")).toBeUndefined();
    expect(JSON.stringify(await store.expiring("followups").get("123:456"))).toBeUndefined();
    t += FOLLOWUP_TTL_MS + 1;
    expect(await b.recall("123:456")).toBeUndefined();
    await store.close();
  });

  it.skipIf(kind.skip)("a hand-off preview held on one instance is sent once from any, and expires", async () => {
    let t = Date.parse("2026-11-20T03:00:00Z");
    const store = await kind.place().open(() => t);
    const now = () => new Date(t);
    const [a, b] = [new PendingQuestions(store, now), new PendingQuestions(store, now)];
    const held = await a.hold("NIP saya 198503122010011002, boleh ikut kampanye?");
    expect(held.question).toBe("NIP saya [NIP], boleh ikut kampanye?");
    const taken = await Promise.all([a.take(held.token), b.take(held.token)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    await b.restore(held);
    expect(await a.get(held.token)).toEqual(held);
    t += PENDING_TTL_MS + 1;
    expect(await b.get(held.token)).toBeUndefined();
    await store.close();
  });
});
