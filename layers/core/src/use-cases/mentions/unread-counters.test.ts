import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../adapters/memory/key-value.js';
import { UnreadMentionCounters, unreadMentionsKey } from './unread-counters.js';

/** The PostgreSQL truth, as a table of counts, with a count of how often it was asked. */
function truth(counts: Record<string, number>) {
  const store = {
    queries: 0,
    counts,
    async countUnread(_userId: string, ids: readonly string[]) {
      store.queries++;
      return new Map(ids.filter((id) => (store.counts[id] ?? 0) > 0).map((id) => [id, store.counts[id]!]));
    },
  };
  return store;
}

describe('UnreadMentionCounters', () => {
  it('recounts missing counters in one query, caches zeros too, and then serves from the cache', async () => {
    const kv = new MemoryKeyValueStore();
    const store = truth({ a: 2, b: 0 });
    const counters = new UnreadMentionCounters(kv, store);
    expect(await counters.lookup('u', ['a', 'b', 'c'])).toEqual(new Map([['a', 2]]));
    expect(store.queries).toBe(1);
    expect(await kv.get(unreadMentionsKey('u', 'b'))).toBe('0');
    store.counts.a = 5;
    expect(await counters.lookup('u', ['a', 'b', 'c'])).toEqual(new Map([['a', 2]]));
    expect(store.queries).toBe(1);
  });

  it('bumps an existing counter, and recounts (not restarts at 1) a missing one', async () => {
    const kv = new MemoryKeyValueStore();
    const store = truth({ a: 3 });
    const counters = new UnreadMentionCounters(kv, store);
    await counters.bump('u', 'a');
    expect(await kv.get(unreadMentionsKey('u', 'a'))).toBe('3');
    await counters.bump('u', 'a');
    expect(await kv.get(unreadMentionsKey('u', 'a'))).toBe('4');
  });

  it('recount sets the true value, or deletes the counter when nothing is unread', async () => {
    const kv = new MemoryKeyValueStore();
    const store = truth({ a: 1 });
    const counters = new UnreadMentionCounters(kv, store);
    expect(await counters.recount('u', 'a')).toBe(1);
    store.counts.a = 0;
    expect(await counters.recount('u', 'a')).toBe(0);
    expect(await kv.get(unreadMentionsKey('u', 'a'))).toBeUndefined();
  });
});
