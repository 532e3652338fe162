import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { connect, retryDelay, TokenRejected } from "../../src/bot/connect.ts";

/** An API whose `getMe` fails with the given errors in turn, then works. */
function flakyBot(errors: unknown[]) {
  let calls = 0;
  return {
    calls: () => calls,
    getMe: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return { id: 1, is_bot: true, first_name: "ASN Netral", username: "asn_netral_bot" };
    },
  };
}

const refused = () => new HttpError("Network request for 'getMe' failed!", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));

describe("connecting to Telegram at start-up", () => {
  it("retries an unreachable Telegram with growing waits, saying so each time, until it answers", async () => {
    const bot = flakyBot([refused(), refused(), refused()]);
    const lines: string[] = [];
    const waits: number[] = [];
    const me = await connect(bot as never, { report: (line) => lines.push(line), sleep: async (ms) => void waits.push(ms) });
    expect(me.username).toBe("asn_netral_bot");
    expect(bot.calls()).toBe(4);
    expect(waits).toEqual([2000, 4000, 8000]);
    expect(lines[0]).toBe("Telegram tidak dapat dihubungi (ECONNREFUSED); mencoba lagi dalam 2 detik (percobaan ke-2). Periksa koneksi internet server dan BOT_API_ROOT.");
  });

  it("caps the wait at a minute", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelay)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it("gives up at once on a refused token, with the line the operator needs", async () => {
    const unauthorized = new GrammyError("Call to 'getMe' failed!", { ok: false, error_code: 401, description: "Unauthorized" }, "getMe", {});
    const bot = flakyBot([unauthorized]);
    const attempt = connect(bot as never, { report: () => undefined, sleep: async () => undefined });
    await expect(attempt).rejects.toBeInstanceOf(TokenRejected);
    await expect(attempt).rejects.toThrow(/^BOT_TOKEN ditolak Telegram \(401 Unauthorized\)/);
    expect(bot.calls()).toBe(1);
  });
});
