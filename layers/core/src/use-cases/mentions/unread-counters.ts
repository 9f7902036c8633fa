import type { KeyValueStore } from '../../ports/key-value.js';
import type { MentionStore } from '../../ports/mention-store.js';

/**
 * Unread-mention counters: a Redis (KeyValueStore) cache of what `MentionStore.countUnread` says,
 * one key per user and conversation. The mention worker bumps a counter once per mention row it
 * inserted; moving the read marker recounts it from PostgreSQL. A counter that is missing (expired,
 * flushed, never computed) is recounted from PostgreSQL when read, so the cache heals itself.
 */
export const unreadMentionsKey = (userId: string, conversationId: string) => `mentions-unread:${userId}:${conversationId}`;

/** Long enough to serve most reads from Redis; a recount is one indexed query. */
const COUNTER_TTL_MS = 7 * 24 * 3600 * 1000;

export class UnreadMentionCounters {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly store: Pick<MentionStore, 'countUnread'>,
  ) {}

  /**
   * Adds one new unread mention (already stored in PostgreSQL). A missing counter is recounted
   * rather than started at 1, which would forget older unread mentions whose counter expired.
   */
  async bump(userId: string, conversationId: string): Promise<void> {
    const key = unreadMentionsKey(userId, conversationId);
    if ((await this.kv.get(key)) === undefined) await this.recount(userId, conversationId);
    else await this.kv.increment(key, { ttlMs: COUNTER_TTL_MS });
  }

  /** Recounts from PostgreSQL (after the read marker moved, or to repair after a retry). */
  async recount(userId: string, conversationId: string): Promise<number> {
    const count = (await this.store.countUnread(userId, [conversationId])).get(conversationId) ?? 0;
    const key = unreadMentionsKey(userId, conversationId);
    if (count === 0) await this.kv.delete(key);
    else await this.kv.set(key, String(count), { ttlMs: COUNTER_TTL_MS });
    return count;
  }

  /** The user's unread mentions per conversation (absent = 0). Missing counters are recounted in one query. */
  async lookup(userId: string, conversationIds: readonly string[]): Promise<Map<string, number>> {
    const ids = [...new Set(conversationIds)];
    const cached = await Promise.all(ids.map((id) => this.kv.get(unreadMentionsKey(userId, id))));
    const counts = new Map<string, number>();
    const missing: string[] = [];
    ids.forEach((id, i) => {
      const value = cached[i] === undefined ? NaN : Number(cached[i]);
      if (Number.isInteger(value) && value >= 0) counts.set(id, value);
      else missing.push(id);
    });
    if (missing.length > 0) {
      const fresh = await this.store.countUnread(userId, missing);
      // Zeros are cached too, so a conversation without mentions costs no query on the next read.
      await Promise.all(missing.map((id) => this.kv.set(unreadMentionsKey(userId, id), String(fresh.get(id) ?? 0), { ttlMs: COUNTER_TTL_MS })));
      for (const id of missing) counts.set(id, fresh.get(id) ?? 0);
    }
    for (const [id, n] of counts) if (n === 0) counts.delete(id);
    return counts;
  }
}
