import type { Context } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { BackgroundTasks } from "../core/background.ts";
import type { ActiveFlows } from "../core/conversation/flows.ts";
import type { Votes } from "../core/feedback/votes.ts";
import type { KnowledgeBase } from "../core/knowledge/types.ts";
import type { KnowledgeSearch } from "../core/knowledge/search.ts";
import type { HandoffDesk } from "../core/handoff/desk.ts";
import type { QuestionLog } from "../core/handoff/question-log.ts";
import type { Answerer } from "../core/answering/answerer.ts";
import type { Conversations } from "../core/answering/conversations.ts";
import type { PledgeService } from "../core/pledge/service.ts";
import type { ReportDesk } from "../core/reports/desk.ts";
import type { Store } from "../storage/store.ts";
import type { DeliveryServices } from "./delivery.ts";

/**
 * Everything a feature needs, injected once by `createBot` so features stay testable and the
 * clock can be controlled in tests.
 */
export type BotDeps = {
  config: Config;
  store: Store;
  knowledge: KnowledgeBase;
  search: KnowledgeSearch;
  /** The answering pipeline every surface uses (chat, groups, inline, console, CLI). */
  answerer: Answerer;
  /** What each chat last asked about, in memory for a few minutes, for follow-ups. */
  conversations: Conversations;
  logger: Logger;
  now: () => Date;
  /** Neutrality pledges with their in-memory indexes, built once at start. */
  pledges: PledgeService;
  /** Anonymous reports: storage plus the identity-free in-memory drafts and counters. */
  reports: ReportDesk;
  /** Work finishing after its update: acknowledged webhook updates, delayed report relays. */
  tasks: BackgroundTasks;
  /** One conversation per person across features; which chats' texts must not be kept. */
  flows: ActiveFlows;
  /** 👍/👎 on answers, one per person per entry. */
  votes: Votes;
  /** Questions handed to the experts' chat (`EXPERT_CHAT_ID`) and their sealed links back. */
  handoff: HandoffDesk;
  /** Unanswered questions and 👎 records for the knowledge editors (masked, with retention). */
  questionLog: QuestionLog;
} & DeliveryServices;

/** grammY's context with our dependencies attached. */
export type BotContext = Context & { deps: BotDeps };
