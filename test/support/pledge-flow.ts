/** Steps through the pledge form (`/ikrar`) as a user would, for the pledge specs. */
import type { ApiCall } from "./fake-telegram.ts";
import { buttons, type Harness, type TestUser } from "./harness.ts";

/** The province every walk-through picks (it has seed regions: Lembata, Belu). */
export const NTT = "Nusa Tenggara Timur";

/** Waits for the bot's message to `user` (after call index `after`) whose text contains `text`. */
export function reply(h: Harness, user: TestUser, after: number, text: string): Promise<ApiCall> {
  return h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= after && c.method === "sendMessage" && Number(c.payload.chat_id) === user.id && String(c.payload.text).includes(text));
}

/** Sends a text and waits for the reply containing `expected`. */
export async function say(h: Harness, user: TestUser, text: string, expected: string): Promise<ApiCall> {
  return reply(h, user, h.send(user, text), expected);
}

/** Presses a button and waits for the message containing `expected`. */
export async function tap(h: Harness, user: TestUser, data: string, expected: string): Promise<ApiCall> {
  return reply(h, user, h.press(user, data), expected);
}

/** The callback data of a province button ("Bali (WITA)", or "⭐ Bali" among the most used). */
export function provinceButton(call: ApiCall, name: string): string {
  const button = buttons(call).find((b) => b.text.replace(/^⭐ /, "").replace(/ \(WI[BT]A?\)$/, "") === name);
  if (!button?.data) throw new Error(`no button for ${name}`);
  return button.data;
}

/** Walks the form up to (not including) the NIP answer. */
export async function toNip(h: Harness, user: TestUser, status: "PNS" | "PPPK" = "PNS"): Promise<void> {
  await say(h, user, "/ikrar", "Langkah 1/7");
  await tap(h, user, `ikr:st:${status}`, "Langkah 2/7");
  await say(h, user, "Maria Goreti", "Langkah 3/7");
}

/** Answers the NIP, agency and unit, and a typed province: the form then asks the kabupaten. */
export async function toRegency(h: Harness, user: TestUser, answers: { nip: string; agency: string; province: string }): Promise<void> {
  await say(h, user, answers.nip, "Langkah 4/7");
  await say(h, user, answers.agency, "Langkah 5/7");
  await say(h, user, "Dinas Pendidikan", "Langkah 6/7");
  await say(h, user, answers.province, "Langkah 7/7");
}

/** Walks the whole form from the NIP on and confirms; returns the receipt code. */
export async function fromNip(h: Harness, user: TestUser, nip: string): Promise<string> {
  await toRegency(h, user, { nip, agency: "Pemerintah Kabupaten Lembata", province: "NTT" });
  await say(h, user, "Lembata", "Periksa kembali");
  const thanks = await tap(h, user, "ikr:ok", "Terima kasih, ikrar Anda tercatat");
  return /IKR-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(String(thanks.payload.text))![0];
}

