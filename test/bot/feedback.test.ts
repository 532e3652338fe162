import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttons, Harness } from "../support/harness.ts";

describe("👍/👎 on answers (end to end)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.stop());

  it("counts one vote per person per entry, however often the button is pressed", async () => {
    const user = h.user(701);
    const answer = await h.ask(user, "Apa sanksinya kalau ASN tidak netral?");
    const up = buttons(answer).find((b) => b.data?.startsWith("fb:+:"))!;
    const id = up.data!.slice("fb:+:".length);
    await h.click(user, up.data!, "answerCallbackQuery");
    const again = await h.click(user, up.data!, "answerCallbackQuery");
    expect(again.payload.text).toContain("sudah tercatat");
    await h.click(h.user(702), up.data!, "answerCallbackQuery");
    expect(h.app.deps.store.collection<{ up: number }>("feedback").get(id)?.up).toBe(2);
  });
});
