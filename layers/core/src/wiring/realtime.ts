import { createRedisClient } from '../adapters/redis/client.js';
import { RedisPresenceStore } from '../adapters/redis/presence-store.js';
import { RedisRealtimeBus } from '../adapters/redis/realtime-bus.js';
import type { PresenceStore } from '../ports/presence-store.js';
import type { RealtimeBus } from '../ports/realtime-bus.js';
import { notConfigured } from './embedded-only.js';
import { feature } from './wiring.js';

/** Redis pub/sub towards the gateway nodes. */
export const realtimeBus = feature<RealtimeBus>(
  'bus',
  ({ config }) => {
    if (!config.redis.url) throw notConfigured('REDIS_URL', 'realtime bus');
    return RedisRealtimeBus.connect(config.redis.url, { name: 'chat-publisher' });
  },
  (bus) => bus.close(),
);

/** Who is connected, as the gateway nodes record it (same Redis keys and TTL). */
export const presenceStore = feature<PresenceStore>(
  'presence',
  ({ config }) => {
    if (!config.redis.url) throw notConfigured('REDIS_URL', 'presence store');
    // Lazy: the connection opens on the first question (only the push and sync workers ask).
    const redis = createRedisClient(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: 'presence', enableAutoPipelining: true });
    return new RedisPresenceStore(redis, { ttlMs: config.presence.ttlMs, prefix: 'chat:' });
  },
  (presence) => presence.close(),
);
