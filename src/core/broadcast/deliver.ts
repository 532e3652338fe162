import type { DeliveryLedger, Outcome } from "./ledger.ts";

/** One bulk delivery: a broadcast, or one reminder to one time zone. */
export type DeliveryRun = {
  /** Ledger key prefix: the broadcast id or the reminder slot. */
  job: string;
  targets: number[];
  ledger: DeliveryLedger;
  /** Sends to one chat and says how it went; never rejects for a Telegram error. The bot's outbox paces it. */
  send: (chatId: number) => Promise<Outcome>;
  /** Calls in flight at once: enough to cover network latency, few enough that a crash repeats little. */
  concurrency: number;
  /** All ids of the same chat (supergroup upgrades), so an upgraded group is not sent to twice. */
  linkedIds: (chatId: number) => number[];
  /** Checked before every send: a stop request or shutdown ends the run after the calls in flight. */
  stopped: () => boolean;
  onOutcome?: (chatId: number, outcome: Outcome) => void;
};

/** Per-outcome counts of a delivery, for progress messages and summaries. */
export type Tally = { total: number; delivered: number; migrated: number; blocked: number; failed: number; pending: number };

/**
 * Delivers to every target the ledger has not settled yet. The ledger says "sending" before each
 * call and the outcome after it, so running this again after a crash continues where it stopped.
 */
export async function deliverAll(run: DeliveryRun): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!run.stopped()) {
      const chatId = run.targets[next++];
      if (chatId === undefined) return;
      if (run.ledger.settled(run.job, run.linkedIds(chatId))) continue;
      run.ledger.begin(run.job, chatId);
      const outcome = await sendSafely(run.send, chatId);
      if (outcome.status === "interrupted") return;
      run.ledger.finish(run.job, chatId, outcome);
      run.onOutcome?.(chatId, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, run.concurrency) }, worker));
}

/** A bug in a sender must cost one chat, not the whole delivery. */
async function sendSafely(send: (chatId: number) => Promise<Outcome>, chatId: number): Promise<Outcome> {
  try {
    return await send(chatId);
  } catch (error) {
    return { status: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Counts a delivery's targets by what the ledger says about them. */
export function tally(job: string, targets: number[], ledger: DeliveryLedger, linkedIds: (chatId: number) => number[]): Tally {
  const counts: Tally = { total: targets.length, delivered: 0, migrated: 0, blocked: 0, failed: 0, pending: 0 };
  for (const chatId of targets) {
    const own = ledger.get(job, chatId);
    const entry = own && own.status !== "sending" ? own : ledger.settled(job, linkedIds(chatId));
    switch (entry?.status) {
      case "delivered":
      case "migrated":
      case "blocked":
      case "failed":
        counts[entry.status]++;
        break;
      default:
        counts.pending++;
    }
  }
  return counts;
}
