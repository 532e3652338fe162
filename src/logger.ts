import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured logs on stderr (stdout belongs to the console mode and the CLIs). Callers never log
 * user ids, usernames or names: anonymous reporters depend on it, and a test greps for them.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: undefined }, destination);
}

/** Logs appended to a file (console mode: the terminal is the chat); its folder is created if needed. */
export function fileDestination(file: string): DestinationStream {
  return pino.destination({ dest: file, mkdir: true, sync: true });
}
