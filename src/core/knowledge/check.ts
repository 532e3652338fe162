import { KnowledgeError, loadKnowledge } from "./load.ts";
import type { KnowledgeBase } from "./types.ts";

/** What `kb:check` finds: the loaded base (unless a shared file is unreadable) and one line per problem. */
export type KnowledgeCheck = { knowledge: KnowledgeBase | undefined; problems: string[] };

/**
 * The validation `npm run kb:check` runs, shared with the admins' reload command: the bot only
 * switches to new knowledge files that would pass kb:check. Lines read "file: field: message".
 */
export function checkKnowledge(dir: string): KnowledgeCheck {
  try {
    const knowledge = loadKnowledge(dir);
    return { knowledge, problems: knowledge.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`) };
  } catch (error) {
    if (error instanceof KnowledgeError) return { knowledge: undefined, problems: [error.message] };
    throw error;
  }
}
