import { GrammyError, HttpError } from "grammy";

/**
 * A log-safe description of an error. grammY errors carry the request payload, which holds chat
 * ids and texts (a reporter's chat id among them), so only the method, code and description are kept.
 */
export function describeError(error: unknown): { message: string; method?: string; code?: number } {
  if (error instanceof GrammyError) return { message: error.description, method: error.method, code: error.error_code };
  if (error instanceof HttpError) return { message: `network error: ${String((error.error as Error)?.message ?? error.error)}` };
  if (error instanceof Error) return { message: `${error.name}: ${error.message}` };
  return { message: String(error) };
}
