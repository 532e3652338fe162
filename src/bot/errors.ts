import { BotError, GrammyError, HttpError } from "grammy";

/** Stack frames kept in logs: enough to find the line, never the message line above them. */
const FRAMES = 5;

/** A log-safe description: what failed and where. */
export type ErrorDescription = { message: string; method?: string; code?: number | string; at?: string };

function frames(error: Error): string | undefined {
  const lines = error.stack?.split("\n").filter((line) => line.trimStart().startsWith("at ")) ?? [];
  return lines.length ? lines.slice(0, FRAMES).map((l) => l.trim()).join(" | ") : undefined;
}

/**
 * A log-safe description of an error. grammY errors carry the request payload or the whole
 * context (chat ids, names, texts — a reporter's among them), a network error's cause carries the
 * request URL with the bot token, and a JSON syntax error quotes its input. So only the method,
 * code, description and stack frames are kept: never a payload, a context or a message that can
 * quote input.
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof BotError) return describeError(error.error);
  if (error instanceof GrammyError) return { message: error.description, method: error.method, code: error.error_code };
  if (error instanceof HttpError) {
    const cause = error.error as NodeJS.ErrnoException | undefined;
    return { message: "network error calling the Bot API", code: cause?.code ?? cause?.name };
  }
  if (error instanceof SyntaxError) return { message: "SyntaxError (input not logged)", at: frames(error) };
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { message: `${error.name}: ${error.message}`, ...(code ? { code } : {}), at: frames(error) };
  }
  return { message: `non-error thrown (${typeof error})` };
}
