import { loadKnowledge } from "../../../src/core/knowledge/load.ts";
import type { KnowledgeBase } from "../../../src/core/knowledge/types.ts";
import { FIXTURE_CALENDAR, knowledgeWithCalendar } from "../../support/calendar.ts";

let cached: KnowledgeBase | undefined;

/** The shipped knowledge base with the fixture calendar (loaded once per test file). */
export function fixtureKnowledge(): KnowledgeBase {
  cached ??= loadKnowledge(knowledgeWithCalendar(FIXTURE_CALENDAR));
  return cached;
}
