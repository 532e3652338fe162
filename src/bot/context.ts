import type { Context } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { KnowledgeBase } from "../core/knowledge/types.ts";
import type { KnowledgeSearch } from "../core/knowledge/search.ts";
import type { Store } from "../storage/store.ts";

/**
 * Everything a feature needs, injected once by `createBot` so features stay testable and the
 * clock can be controlled in tests.
 */
export type BotDeps = {
  config: Config;
  store: Store;
  knowledge: KnowledgeBase;
  search: KnowledgeSearch;
  logger: Logger;
  now: () => Date;
};

/** grammY's context with our dependencies attached. */
export type BotContext = Context & { deps: BotDeps };
