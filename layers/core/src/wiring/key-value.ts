import { RedisKeyValueStore } from '../adapters/redis/key-value.js';
import type { KeyValueStore } from '../ports/key-value.js';
import { notConfigured } from './embedded-only.js';
import { feature } from './wiring.js';

/** Redis: session cache, revocation marks, rate limits, counters. */
export const keyValue = feature<KeyValueStore>(
  'kv',
  ({ config }) => {
    if (!config.redis.url) throw notConfigured('REDIS_URL', 'cache');
    return RedisKeyValueStore.connect(config.redis.url, 'chat:');
  },
  (kv) => kv.close(),
);
