import { createHash } from "node:crypto";

/** One counted group: the spelling shown, its count, and a short stable id for buttons. */
export type TallyGroup = { id: string; label: string; count: number };

/** The largest groups, and what the rest add up to ("Lainnya"), so long lists stay readable. */
export type Ranked = { top: TallyGroup[]; others: { groups: number; count: number } };

/** Case and spacing differ between people typing the same agency; they count as one. */
export function groupKey(label: string): string {
  return label.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Ten hex characters of the key's SHA-256: short enough for callback data, stable across restarts. */
export function shortId(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 10);
}

/**
 * Counts per group, kept up to date on every add and delete, so statistics and "recently used"
 * buttons cost O(groups) instead of a scan over every pledge.
 */
export class Tally {
  readonly #groups = new Map<string, TallyGroup>();
  readonly #byId = new Map<string, string>();
  /** Spellings repeat (thousands of pledges name one agency); normalising each once keeps start-up fast. */
  readonly #keys = new Map<string, string>();
  #total = 0;

  #key(label: string): string {
    let key = this.#keys.get(label);
    if (key === undefined) this.#keys.set(label, (key = groupKey(label)));
    return key;
  }

  /** Counts one more for the label's group (created on first use). */
  add(label: string): void {
    const key = this.#key(label);
    const group = this.#groups.get(key);
    this.#total++;
    if (group) {
      group.count++;
      return;
    }
    const id = shortId(key);
    this.#groups.set(key, { id, label: label.replace(/\s+/g, " ").trim(), count: 1 });
    this.#byId.set(id, key);
  }

  /** Counts one less; an emptied group disappears from rankings and buttons. */
  remove(label: string): void {
    const key = this.#key(label);
    const group = this.#groups.get(key);
    if (!group) return;
    this.#total--;
    if (--group.count > 0) return;
    this.#groups.delete(key);
    this.#byId.delete(group.id);
  }

  /** The group behind a button id, if it still has pledges. */
  byId(id: string): TallyGroup | undefined {
    const key = this.#byId.get(id);
    return key === undefined ? undefined : this.#groups.get(key);
  }

  /**
   * Largest first; ties by label so the order is stable between two /statistik calls. A linear
   * selection, not a sort: a national deployment has thousands of agencies and asks often.
   */
  ranked(limit: number): Ranked {
    const top: TallyGroup[] = [];
    for (const group of this.#groups.values()) {
      const at = top.findIndex((g) => before(group, g));
      if (at >= 0) top.splice(at, 0, group);
      else top.push(group);
      if (top.length > limit) top.pop();
    }
    const shown = top.reduce((sum, g) => sum + g.count, 0);
    return { top: top.map((g) => ({ ...g })), others: { groups: this.#groups.size - top.length, count: this.#total - shown } };
  }
}

const collator = new Intl.Collator("id");

function before(a: TallyGroup, b: TallyGroup): boolean {
  return a.count > b.count || (a.count === b.count && collator.compare(a.label, b.label) < 0);
}
