import { setTimeout as sleep } from "node:timers/promises";
import { GrammyError, HttpError, type Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";

/** Telegram refused the token: retrying cannot help, the operator must fix `.env`. */
export class TokenRejected extends Error {
  override name = "TokenRejected";
}

/** First wait after a failed connection, doubled after each further failure up to `MAX_DELAY_MS`. */
const FIRST_DELAY_MS = 2_000;
const MAX_DELAY_MS = 60_000;

/** Waiting `ms` unless `signal` fires first (then it throws, ending the retries). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<unknown>;

/** The wait before attempt `n + 1`: 2 s, 4 s, 8 s … at most a minute. */
export function retryDelay(failures: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
}

/**
 * Asks Telegram who the bot is (`getMe`), the first call of every start. A token Telegram refuses
 * (401, or 404 for one of the wrong shape) throws `TokenRejected` with the line an operator needs;
 * no network or a Telegram outage is reported on each attempt and retried with growing waits, so
 * a bot started before the network is up connects on its own instead of hanging silently.
 * `api` must be a plain one: the bot's own retries network errors silently (auto-retry).
 */
export async function connect(api: Pick<Api, "getMe">, options: { report: (line: string) => void; signal?: AbortSignal; sleep?: Sleep }): Promise<UserFromGetMe> {
  const { report, signal, sleep: wait = (ms, s) => sleep(ms, undefined, { signal: s }) } = options;
  for (let failures = 1; ; failures++) {
    try {
      // grammY types its signal with a shim; Node's AbortSignal is what it uses at run time.
      return await api.getMe(signal as Parameters<Api["getMe"]>[0]);
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
        throw new TokenRejected(
          `BOT_TOKEN ditolak Telegram (${error.error_code} ${error.description}): token salah atau sudah dicabut. Ambil token yang berlaku dari @BotFather (/mybots → API Token), perbarui BOT_TOKEN di .env, lalu jalankan lagi.`,
        );
      }
      const delay = retryDelay(failures);
      report(`Telegram tidak dapat dihubungi (${reason(error)}); mencoba lagi dalam ${delay / 1000} detik (percobaan ke-${failures + 1}). Periksa koneksi internet server dan BOT_API_ROOT.`);
      await wait(delay, signal);
    }
  }
}

/**
 * Why the call failed, without the request URL: network errors quote it, and it holds the token.
 */
function reason(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code} ${error.description}`;
  const cause = error instanceof HttpError ? error.error : error;
  const code = (cause as { code?: unknown; cause?: { code?: unknown } })?.code ?? (cause as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" ? code : "kesalahan jaringan";
}
