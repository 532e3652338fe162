import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness } from "./../support/harness.ts";
import { fileReport } from "../support/reports.ts";

/** Free-text flows share the private chat: whichever the user started last gets the answers. */
describe("one free-text flow at a time", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.stop());

  it("a report started during a pledge form takes the answers, even an 18-digit NIP of the reported person", async () => {
    const user = h.user(4001);
    await h.ask(user, "/ikrar");
    await h.idle();
    const { summary } = await fileReport(h, user, { who: "Kepala Dinas X, NIP 198507142010011003" });
    expect(summary.payload.text).toContain("198507142010011003");
  });

  it("starting the pledge ends an open report draft and says so", async () => {
    const user = h.user(4002);
    await h.ask(user, "/lapor");
    const before = h.send(user, "/ikrar");
    const notice = await h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= before && c.method === "sendMessage" && String(c.payload.text).includes("laporan yang belum dikirim dibatalkan"));
    expect(notice.payload.chat_id).toBe(4002);
  });

  it("an 18-digit number outside any flow is neither searched nor kept", async () => {
    const reply = await h.ask(h.user(4003), "1985 0714 2010 0110 03");
    expect(reply.payload.text).toContain("Sepertinya Anda mengetik NIP");
    expect(JSON.stringify(await h.app.deps.store.records("unanswered").list())).not.toContain("1985");
  });
});
