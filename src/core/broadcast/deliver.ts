import type { DeliveryLedger, LedgerEntry, Outcome, SendAttempt } from "./ledger.ts";

/** One bulk delivery: a broadcast, or one reminder to one time zone. */
export type DeliveryRun = {
  /** Ledger key prefix: the broadcast id or the reminder slot. */
  job: string;
  targets: number[];
  ledger: DeliveryLedger;
  /**
   * Sends to one chat and says how it went; never rejects for a Telegram error. The bot's outbox
   * paces it and tells `attempt` when each request leaves (and when one provably failed).
   */
  send: (chatId: number, attempt: SendAttempt) => Promise<Outcome>;
  /** Calls in flight at once: enough to cover network latency, few enough that a crash repeats little. */
  concurrency: number;
  /** All ids of the same chat (supergroup upgrades), so an upgraded group is not sent to twice. */
  linkedIds: (chatId: number) => number[];
  /** Checked before every send: a stop request or shutdown ends the run after the calls in flight. */
  stopped: () => boolean | Promise<boolean>;
  onOutcome?: (chatId: number, outcome: Outcome) => void;
  /** How long to wait before looking again at chats another instance is sending to. */
  heldRetryMs?: number;
};

/** Per-outcome counts of a delivery, for progress messages and summaries. */
export type Tally = { total: number; delivered: number; migrated: number; blocked: number; failed: number; pending: number; unconfirmed: number };

/**
 * Delivers to every target the ledger has not settled yet. Each chat is claimed before its call
 * and settled after it, so instances sharing the store split the targets between them, and
 * running this again after a crash continues where it stopped. Chats another instance holds are
 * looked at again until they are settled (or their claim runs out before anything was sent and
 * this instance takes over), so when one instance dies the others finish its part.
 */
export async function deliverAll(run: DeliveryRun): Promise<void> {
  let pending = run.targets;
  while (pending.length > 0) {
    const held = await deliverPass(run, pending);
    if (held === undefined || held.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, run.heldRetryMs ?? 1000));
    pending = held;
  }
}

/** One pass over `targets`; returns the chats held by another instance, or undefined when stopped. */
async function deliverPass(run: DeliveryRun, targets: number[]): Promise<number[] | undefined> {
  const held: number[] = [];
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!(stopped ||= await run.stopped())) {
      const chatId = targets[next++];
      if (chatId === undefined) return;
      if (await run.ledger.settled(run.job, run.linkedIds(chatId))) continue;
      if (!(await run.ledger.claim(run.job, chatId))) {
        held.push(chatId);
        continue;
      }
      const attempt: SendAttempt = { starting: () => run.ledger.sending(run.job, chatId), notSent: () => run.ledger.notSent(run.job, chatId) };
      const outcome = (stopped ||= await run.stopped()) ? ({ status: "interrupted" } as const) : await sendSafely(() => run.send(chatId, attempt));
      if (outcome.status === "interrupted") {
        await run.ledger.release(run.job, chatId);
        return;
      }
      await run.ledger.finish(run.job, chatId, outcome);
      run.onOutcome?.(chatId, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, run.concurrency) }, worker));
  return stopped ? undefined : held;
}

/** A bug in a sender must cost one chat, not the whole delivery. */
async function sendSafely(send: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await send();
  } catch (error) {
    return { status: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Counts a delivery's targets by the job's ledger entries (keyed by chat id); see `Standing`. */
export function tally(targets: number[], entries: Map<string, LedgerEntry>, linkedIds: (chatId: number) => number[], ledger: Pick<DeliveryLedger, "standing">): Tally {
  const counts: Tally = { total: targets.length, delivered: 0, migrated: 0, blocked: 0, failed: 0, pending: 0, unconfirmed: 0 };
  const standing = (chatId: number) => ledger.standing(entries.get(String(chatId)));
  for (const chatId of targets) {
    const own = standing(chatId);
    switch (own === "open" ? (linkedIds(chatId).map(standing).find((s) => s !== "open") ?? "open") : own) {
      case "delivered":
        counts.delivered++;
        break;
      case "migrated":
        counts.migrated++;
        break;
      case "blocked":
        counts.blocked++;
        break;
      case "failed":
        counts.failed++;
        break;
      case "unconfirmed":
        counts.unconfirmed++;
        break;
      default:
        counts.pending++;
    }
  }
  return counts;
}
