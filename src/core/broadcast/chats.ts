import type { Records, SharedStore } from "../../storage/shared-store.ts";

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
 * All chats as read at one moment: what a delivery run needs synchronously for every target
 * (who is active, which ids a group had). Taken once per run, so a run over a thousand groups
 * reads the registry once instead of once per chat.
 */
export class ChatSnapshot {
  readonly #chats: Map<number, ChatRecord>;
  /** New id → ids that migrated into it, so a ledger entry under an old id still counts. */
  readonly #formerIds = new Map<number, number[]>();

  constructor(chats: ChatRecord[]) {
    this.#chats = new Map(chats.map((c) => [c.id, c]));
    for (const chat of chats) {
      if (chat.migratedTo === undefined) continue;
      const list = this.#formerIds.get(chat.migratedTo) ?? [];
      list.push(chat.id);
      this.#formerIds.set(chat.migratedTo, list);
    }
  }

  get(id: number): ChatRecord | undefined {
    return this.#chats.get(id);
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
    return [...this.#chats.values()].filter((c) => c.active && c.type !== "private" && matches(c, filter));
  }

  /** Active chats of any type with reminders on in one time zone. */
  reminderTargets(timezone: Timezone): ChatRecord[] {
    return [...this.#chats.values()].filter((c) => c.active && c.reminders && c.timezone === timezone);
  }
}

/**
 * The registry of chats the bot writes to on its own. Every state change (added, removed,
 * blocked, migrated, settings) goes through here, as one atomic update of the chat's record in
 * the shared store, so "who gets the next reminder" is the same on every instance.
 */
export class ChatRegistry {
  readonly #chats: Records<ChatRecord>;

  constructor(
    store: SharedStore,
    private readonly now: () => Date,
  ) {
    this.#chats = store.records<ChatRecord>("chats");
  }

  get(id: number): Promise<ChatRecord | undefined> {
    return this.#chats.get(String(id));
  }

  /** Every chat as of now (see `ChatSnapshot`). */
  async snapshot(): Promise<ChatSnapshot> {
    return new ChatSnapshot((await this.#chats.list()).map(([, chat]) => chat));
  }

  /**
   * Records that the bot is (again) in a chat. A group re-adding the bot keeps its earlier
   * settings; a new one starts with the defaults the issue asks for: WIB, reminders on.
   */
  async register(id: number, type: ChatType, title?: string, defaults: ChatSettings = {}): Promise<ChatRecord> {
    const at = this.now().toISOString();
    const { value } = await this.#chats.update(String(id), (existing) => {
      const { migratedTo: _moved, ...kept } = existing ?? ({} as Partial<ChatRecord>);
      return {
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
    });
    return value!;
  }

  /** Registers a chat seen in an update if it is unknown; known chats keep their state. */
  async ensure(id: number, type: ChatType, title?: string): Promise<ChatRecord> {
    return (await this.get(id)) ?? this.register(id, type, title);
  }

  /** The bot was removed, kicked or blocked: keep the settings (for a re-add), stop sending. */
  async deactivate(id: number): Promise<boolean> {
    const { changed } = await this.#chats.update(String(id), (chat) => (chat?.active ? { ...chat, active: false, updatedAt: this.now().toISOString() } : undefined));
    return changed;
  }

  async update(id: number, settings: ChatSettings): Promise<ChatRecord | undefined> {
    const { value } = await this.#chats.update(String(id), (chat) => {
      if (!chat) return undefined;
      const record = { ...chat, ...settings, updatedAt: this.now().toISOString() };
      for (const [key, value] of Object.entries(settings)) if (value === undefined) delete (record as Record<string, unknown>)[key];
      return record;
    });
    return value;
  }

  /**
   * A group became a supergroup under a new id: the registration and its settings move there, and
   * the old record stays as a pointer so deliveries recorded under the old id are not repeated.
   */
  async migrate(oldId: number, newId: number): Promise<ChatRecord | undefined> {
    const old = await this.get(oldId);
    if (!old || old.migratedTo === newId) return this.get(newId);
    const { migratedTo: _moved, kabupatenPrompt: _prompt, ...settings } = old;
    const at = this.now().toISOString();
    const { value } = await this.#chats.update(String(newId), (target) => ({ ...target, ...settings, id: newId, type: "supergroup", active: true, updatedAt: at }));
    await this.#chats.set(String(oldId), { ...old, active: false, migratedTo: newId, updatedAt: at });
    return value;
  }

  /** The id a chat is reachable under now (following supergroup upgrades). */
  async currentId(id: number): Promise<number> {
    let current = id;
    for (let hops = 0; hops < 10; hops++) {
      const next = (await this.get(current))?.migratedTo;
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** Active groups (not private subscribers) matching a broadcast filter. */
  async groups(filter: ChatFilter = {}): Promise<ChatRecord[]> {
    return (await this.snapshot()).groups(filter);
  }
}

function matches(chat: ChatRecord, filter: ChatFilter): boolean {
  return (filter.timezone === undefined || chat.timezone === filter.timezone) && (filter.province === undefined || chat.province === filter.province);
}
