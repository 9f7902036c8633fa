import { randomUUID } from 'node:crypto';
import { RedisKeyValueStore } from '@chat/core/adapters/redis/key-value';
import { requireServiceUrl } from '../../test/harness-env.js';
import { describeLoginLimits } from './login-limits.fixture.js';

// A prefix of its own: the counters of earlier runs in the shared Redis must not count here.
describeLoginLimits('Redis', async () => RedisKeyValueStore.connect(requireServiceUrl('REDIS_URL'), `test:${randomUUID()}:`));
