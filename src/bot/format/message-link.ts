/** A link to a message in a supergroup (t.me/c/…), so list entries open the message itself. */
export function messageLink(chatId: number, messageId: number | undefined): string | undefined {
  const id = String(chatId);
  return id.startsWith("-100") && messageId !== undefined ? `https://t.me/c/${id.slice(4)}/${messageId}` : undefined;
}

/** `label` (safe HTML) linked to that message when the chat allows links, else the label alone. */
export function linkedLabel(chatId: number, messageId: number | undefined, label: string): string {
  const link = messageLink(chatId, messageId);
  return link ? `<a href="${link}">${label}</a>` : label;
}
