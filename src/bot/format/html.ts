/** The bot speaks HTML parse mode; every user- or data-supplied string goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** What a person reads of our HTML where there is no Telegram to render it (console, CLI). */
export function htmlToText(html: string): string {
  return html.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

/** Telegram's hard limit for one message's text (after entity parsing). */
export const MAX_MESSAGE_LENGTH = 4096;

/** Telegram's hard limit for callback data, in bytes. */
export const MAX_CALLBACK_BYTES = 64;

/** Shortens plain text to `max` characters with an ellipsis; used before escaping. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

/**
 * Joins callback data parts and refuses anything Telegram would reject, so an over-long id fails
 * in tests instead of as a 400 in a user's chat.
 */
export function callbackData(...parts: string[]): string {
  const data = parts.join(":");
  if (Buffer.byteLength(data, "utf8") > MAX_CALLBACK_BYTES) throw new Error(`callback data over ${MAX_CALLBACK_BYTES} bytes: ${data}`);
  return data;
}
