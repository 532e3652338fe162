import fs from "node:fs";
import path from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";

/** Secrets shorter than this are not worth redacting (and would mangle ordinary words). */
const MIN_SECRET_LENGTH = 8;

/**
 * A destination that replaces every configured secret before a line is written: a last line of
 * defence, so that even an error message quoting the bot token or a key never reaches a log.
 */
function redacting(destination: DestinationStream, secrets: string[]): DestinationStream {
  const hidden = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  if (hidden.length === 0) return destination;
  return { write: (line: string) => destination.write(hidden.reduce((out, secret) => out.replaceAll(secret, "[redacted]"), line)) };
}

/**
 * Structured logs on stderr (stdout belongs to the console mode and the CLIs). Callers never log
 * user ids, usernames or names: anonymous reporters depend on it, and a test greps for them.
 * `secrets` (token, webhook secret, keys) are blanked from every line whatever the caller logs.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination({ fd: 2, sync: true }), secrets: string[] = []): Logger {
  return pino({ level, base: undefined }, redacting(destination, secrets));
}

/**
 * Logs appended to a file (console mode: the terminal is the chat); its folder is created if
 * needed. Undefined when the file cannot be opened: logs then stay on stderr, and the start-up
 * reports the unwritable data folder in its own words.
 */
export function fileDestination(file: string): DestinationStream | undefined {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.closeSync(fs.openSync(file, "a"));
  } catch {
    return undefined;
  }
  return pino.destination({ dest: file, sync: true });
}
