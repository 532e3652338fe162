import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness } from "../support/harness.ts";
import { addBot, groupChat } from "../support/groups.ts";
import { say, tap } from "../support/pledge-flow.ts";
import { fileReport, REVIEWER_CHAT } from "../support/reports.ts";

/** Characters that break Telegram's HTML parser when a string is not escaped. */
const HOSTILE = `<b>Budi</b> & "Ani" <script>`;

/**
 * User text reaches many messages (summaries, receipts, reviewer posts, group greetings, admin
 * lists). The fake Bot API answers 400 to unparsable HTML as Telegram does, so any unescaped
 * string anywhere shows up here as a failed call.
 */
describe("every user string is escaped", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { ADMIN_IDS: "1", REVIEWER_CHAT_ID: String(REVIEWER_CHAT) } });
  });
  afterAll(() => h.stop());

  it("no Bot API call is refused for bad entities across the main flows", async () => {
    const user = h.user(31, HOSTILE, "hostile_user");
    await say(h, user, "/ikrar", "Langkah 1/7");
    await tap(h, user, "ikr:st:PNS", "Langkah 2/7");
    await say(h, user, "Ni Luh Ayu D'Souza", "Langkah 3/7"); // names only take letters and punctuation
    await say(h, user, "198507142010011003", "Langkah 4/7");
    await say(h, user, `Pemerintah <Kabupaten> & Lembata`, "Langkah 5/7");
    await say(h, user, HOSTILE, "Langkah 6/7");
    await say(h, user, "NTT", "Langkah 7/7");
    await say(h, user, `Kabupaten <Lembata>`, "Periksa kembali");
    await tap(h, user, "ikr:ok", "Terima kasih");
    await h.ask(h.user(1), "/statistik");
    await fileReport(h, h.user(32), { what: HOSTILE, who: HOSTILE, where: HOSTILE, when: HOSTILE, evidence: [`https://contoh.id/?a=<b>&c=d`] });
    addBot(h, groupChat(-5005, HOSTILE));
    await h.ask(h.user(33), `/tanya ${HOSTILE} boleh like paslon?`, groupChat(-5005, HOSTILE));
    await h.ask(h.user(1), `/siaran ${HOSTILE}`);
    await h.idle();
    const refused = h.fake.calls.filter((c) => c.status === 400);
    expect(refused.map((c) => `${c.method}: ${JSON.stringify(c.payload).slice(0, 120)}`)).toEqual([]);
  });
});
