import type { Collection, Store } from "../../storage/store.ts";

/** Indonesia's three time zones; reminders go out at the same local hour in each. */
export type Timezone = "WIB" | "WITA" | "WIT";

/** Hours ahead of UTC; Indonesia has no daylight saving time, so a fixed offset is exact. */
export const UTC_OFFSET_HOURS: Record<Timezone, number> = { WIB: 7, WITA: 8, WIT: 9 };

/** West to east: the order zones are offered in (broadcast filters). */
export const TIMEZONES: Timezone[] = ["WIB", "WITA", "WIT"];

/** Chats the bot writes to on its own (channels are not supported). */
export type ChatType = "private" | "group" | "supergroup";

/**
 * One chat the bot may write to unprompted: a group it was added to, or a private subscriber of
 * `/pengingat`. Stored in the `chats` collection keyed by chat id; `region` is read by answer
 * ranking (src/bot/region.ts). No names of people are kept: only a group's own title.
 */
export type ChatRecord = {
  id: number;
  type: ChatType;
  /** The group's title, to show admins which group a setting belongs to. Never set for private chats. */
  title?: string;
  /** False once the bot was removed, kicked or blocked; nothing is sent to inactive chats. */
  active: boolean;
  timezone: Timezone;
  province?: string;
  /** Kabupaten/kota as typed (tidied). */
  kabupaten?: string;
  /** Seed region id (knowledge/daerah/regions.yaml) when the kabupaten matches one. */
  region?: string;
  /** Scheduled reminders before the vote (on by default for groups). */
  reminders: boolean;
  registeredAt: string;
  updatedAt: string;
  /** Set when a group became a supergroup: the registration lives on under this id. */
  migratedTo?: number;
  /** The bot's "type your kabupaten" prompt, whose replies are settings rather than questions. */
  kabupatenPrompt?: number;
};

/** Settings an admin or subscriber may change. */
export type ChatSettings = Partial<Pick<ChatRecord, "timezone" | "province" | "kabupaten" | "region" | "reminders" | "kabupatenPrompt" | "title">>;

/** Which chats a broadcast or reminder goes to. */
export type ChatFilter = { timezone?: Timezone; province?: string };

/**
 * The registry of chats the bot writes to on its own. Every state change (added, removed,
 * blocked, migrated, settings) goes through here, so "who gets the next reminder" is one query.
 */
export class ChatRegistry {
  readonly #chats: Collection<ChatRecord>;
  /** New id → ids that migrated into it, so a ledger entry under an old id still counts. */
  readonly #formerIds = new Map<number, number[]>();

  constructor(
    store: Store,
    private readonly now: () => Date,
  ) {
    this.#chats = store.collection<ChatRecord>("chats");
    for (const chat of this.#chats.values()) if (chat.migratedTo !== undefined) this.#link(chat.id, chat.migratedTo);
  }

  get(id: number): ChatRecord | undefined {
    return this.#chats.get(String(id));
  }

  /**
   * Records that the bot is (again) in a chat. A group re-adding the bot keeps its earlier
   * settings; a new one starts with the defaults the issue asks for: WIB, reminders on.
   */
  register(id: number, type: ChatType, title?: string, defaults: ChatSettings = {}): ChatRecord {
    const at = this.now().toISOString();
    const existing = this.get(id);
    const { migratedTo: _moved, ...kept } = existing ?? ({} as Partial<ChatRecord>);
    const record: ChatRecord = {
      timezone: "WIB",
      reminders: type !== "private",
      registeredAt: at,
      ...defaults,
      ...kept,
      id,
      type,
      ...(type !== "private" && title ? { title } : {}),
      active: true,
      updatedAt: at,
    };
    this.#chats.set(String(id), record);
    return record;
  }

  /** Registers a chat seen in an update if it is unknown; known chats keep their state. */
  ensure(id: number, type: ChatType, title?: string): ChatRecord {
    return this.get(id) ?? this.register(id, type, title);
  }

  /** The bot was removed, kicked or blocked: keep the settings (for a re-add), stop sending. */
  deactivate(id: number): boolean {
    const chat = this.get(id);
    if (!chat?.active) return false;
    this.#chats.set(String(id), { ...chat, active: false, updatedAt: this.now().toISOString() });
    return true;
  }

  update(id: number, settings: ChatSettings): ChatRecord | undefined {
    const chat = this.get(id);
    if (!chat) return undefined;
    const record = { ...chat, ...settings, updatedAt: this.now().toISOString() };
    for (const [key, value] of Object.entries(settings)) if (value === undefined) delete (record as Record<string, unknown>)[key];
    this.#chats.set(String(id), record);
    return record;
  }

  /**
   * A group became a supergroup under a new id: the registration and its settings move there, and
   * the old record stays as a pointer so deliveries recorded under the old id are not repeated.
   */
  migrate(oldId: number, newId: number): ChatRecord | undefined {
    const old = this.get(oldId);
    if (!old || old.migratedTo === newId) return this.get(newId);
    const { migratedTo: _moved, kabupatenPrompt: _prompt, ...settings } = old;
    const target = this.get(newId);
    const record: ChatRecord = { ...target, ...settings, id: newId, type: "supergroup", active: true, updatedAt: this.now().toISOString() };
    this.#chats.set(String(newId), record);
    this.#chats.set(String(oldId), { ...old, active: false, migratedTo: newId, updatedAt: record.updatedAt });
    this.#link(oldId, newId);
    return record;
  }

  /** The id a chat is reachable under now (following supergroup upgrades). */
  currentId(id: number): number {
    let current = id;
    for (let hops = 0; hops < 10; hops++) {
      const next = this.get(current)?.migratedTo;
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** Every id the same group had or has; a delivery to any of them counts for all. */
  linkedIds(id: number): number[] {
    const ids = new Set<number>();
    const visit = (chatId: number) => {
      if (ids.has(chatId)) return;
      ids.add(chatId);
      const next = this.get(chatId)?.migratedTo;
      if (next !== undefined) visit(next);
      for (const former of this.#formerIds.get(chatId) ?? []) visit(former);
    };
    visit(id);
    return [...ids];
  }

  /** Active groups (not private subscribers) matching a broadcast filter. */
  groups(filter: ChatFilter = {}): ChatRecord[] {
    return this.#chats.values().filter((c) => c.active && c.type !== "private" && matches(c, filter));
  }

  /** Active chats of any type with reminders on in one time zone. */
  reminderTargets(timezone: Timezone): ChatRecord[] {
    return this.#chats.values().filter((c) => c.active && c.reminders && c.timezone === timezone);
  }

  #link(oldId: number, newId: number): void {
    const list = this.#formerIds.get(newId) ?? [];
    if (!list.includes(oldId)) list.push(oldId);
    this.#formerIds.set(newId, list);
  }
}

function matches(chat: ChatRecord, filter: ChatFilter): boolean {
  return (filter.timezone === undefined || chat.timezone === filter.timezone) && (filter.province === undefined || chat.province === filter.province);
}
