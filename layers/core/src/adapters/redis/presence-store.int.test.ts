import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describePresenceStoreContract } from '../../ports/presence-store.contract.js';
import { RedisPresenceStore } from './presence-store.js';

// A prefix per run keeps the sweep index of this file apart from other runs on the same Redis.
const prefix = `test:${randomUUID().slice(0, 8)}:`;
describePresenceStoreContract('Redis', async (ttlMs) => RedisPresenceStore.connect(requireServiceUrl('REDIS_URL'), { ttlMs, prefix }));
// Users hash to different shards; every script touches one user's slot ({userId}) or the index.
describePresenceStoreContract('Redis Cluster', async (ttlMs) => RedisPresenceStore.connect(requireServiceUrl('REDIS_CLUSTER_URL'), { ttlMs, prefix }));

describe('RedisPresenceStore scripts', () => {
  it.each([
    ['one Redis', 'REDIS_URL'],
    ['a Redis Cluster', 'REDIS_CLUSTER_URL'],
  ] as const)('connect replaces the conversation set in its one call, however many conversations (%s)', async (_, name) => {
    const store = RedisPresenceStore.connect(requireServiceUrl(name), { ttlMs: 60_000, prefix });
    try {
      const userId = `u-${randomUUID()}`;
      const many = Array.from({ length: 2_500 }, (_, i) => `conv-${i}`);
      await store.connect({ userId, connectionId: 'c1' }, many);
      expect((await store.online([userId]))[0]!.conversationIds).toHaveLength(2_500);
      // A second connection's list replaces the set (the membership read it came from is newer).
      expect(await store.connect({ userId, connectionId: 'c2' }, ['conv-x'])).toEqual({ cameOnline: false });
      expect((await store.online([userId]))[0]!.conversationIds).toEqual(['conv-x']);
      await store.connect({ userId, connectionId: 'c3' }, []);
      expect(await store.online([userId])).toEqual([{ userId, conversationIds: [] }]);
    } finally {
      await store.close();
    }
  });

  it('runs its scripts by SHA, and again after Redis forgot them (SCRIPT FLUSH, as after a restart)', async () => {
    const url = requireServiceUrl('REDIS_URL');
    const store = RedisPresenceStore.connect(url, { ttlMs: 60_000, prefix });
    const admin = new Redis(url);
    try {
      const conn = { userId: `u-${randomUUID()}`, connectionId: 'c1' };
      expect(await store.connect(conn, ['conv-a'])).toEqual({ cameOnline: true });
      await admin.script('FLUSH');
      expect(await store.heartbeat([conn])).toEqual({ missing: [] });
      await admin.script('FLUSH');
      expect((await store.disconnect(conn)).wentOffline).toBe(true);
      expect(await store.isOnline(conn.userId)).toBe(false);
    } finally {
      await Promise.all([store.close(), admin.quit()]);
    }
  });
});
