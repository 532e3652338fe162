import { Answerer } from "../core/answering/answerer.ts";
import { KnowledgeSearch } from "../core/knowledge/search.ts";
import { checkKnowledge } from "../core/knowledge/check.ts";
import type { KnowledgeBase } from "../core/knowledge/types.ts";
import type { BotDeps } from "./context.ts";

/** The part of BotDeps built from `knowledge/` alone. */
export type KnowledgeServices = Pick<BotDeps, "knowledge" | "search" | "answerer">;

/**
 * Everything the bot derives from the knowledge files, built in one place: start-up (openApp)
 * spreads it into the deps and a reload replaces it. A new knowledge-derived service goes here.
 */
export function knowledgeServices(knowledge: KnowledgeBase): KnowledgeServices {
  const search = new KnowledgeSearch(knowledge.entries, knowledge.lexicon);
  return { knowledge, search, answerer: new Answerer(search, knowledge.concepts) };
}

/**
 * THE function that puts a (re)loaded knowledge base into the running bot: the services above,
 * and the long-lived services that hold knowledge-derived state (the reminder plan follows the
 * calendar and the reminder texts). Features read `ctx.deps` per update, so they see the new
 * knowledge from the next update on (the pledge form's province picker included). Anything else
 * derived from knowledge must be refreshed here.
 */
export function applyKnowledge(deps: BotDeps, knowledge: KnowledgeBase): void {
  Object.assign(deps, knowledgeServices(knowledge));
  deps.reminders.replan(knowledge.calendar, knowledge.reminders);
  deps.pledges.useRegions(knowledge.regions);
}

/** A reload's outcome: applied, or refused with the kb:check lines (the old knowledge stays). */
export type ReloadResult = { ok: true; knowledge: KnowledgeBase } | { ok: false; problems: string[] };

/** Reads `KNOWLEDGE_DIR` again and applies it only if it passes kb:check. */
export function reloadKnowledge(deps: BotDeps): ReloadResult {
  const { knowledge, problems } = checkKnowledge(deps.config.knowledgeDir);
  if (!knowledge || problems.length > 0) return { ok: false, problems };
  applyKnowledge(deps, knowledge);
  return { ok: true, knowledge };
}
