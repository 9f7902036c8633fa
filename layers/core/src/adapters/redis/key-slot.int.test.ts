import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { parseRedisClusterUrl } from '../../config/redis-url.js';
import { keySlot } from './key-slot.js';

describe('keySlot', () => {
  it('agrees with CLUSTER KEYSLOT of the harness cluster, hash tags and non-ASCII included', async () => {
    const node = parseRedisClusterUrl(requireServiceUrl('REDIS_CLUSTER_URL'))!.nodes[0]!;
    const redis = new Redis(node.port, node.host);
    try {
      const keys = [
        '123456789', // the spec's check value: 0x31C3 → slot 12739
        'chat:conv:c-1',
        'chat:user:{u-42}:conns',
        'a{}b',
        '{}{x}',
        'x{y',
        'ümlaut-チャット',
        ...Array.from({ length: 50 }, () => `rt:${randomUUID()}`),
      ];
      for (const key of keys) expect(keySlot(key), key).toBe(await redis.cluster('KEYSLOT', key));
      expect(keySlot('123456789')).toBe(12739);
    } finally {
      redis.disconnect();
    }
  });
});
