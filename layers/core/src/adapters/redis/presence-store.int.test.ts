import { randomUUID } from 'node:crypto';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describePresenceStoreContract } from '../../ports/presence-store.contract.js';
import { RedisPresenceStore } from './presence-store.js';

// A prefix per run keeps the sweep index of this file apart from other runs on the same Redis.
const prefix = `test:${randomUUID().slice(0, 8)}:`;
describePresenceStoreContract('Redis', async (ttlMs) => RedisPresenceStore.connect(requireServiceUrl('REDIS_URL'), { ttlMs, prefix }));
// Users hash to different shards; every script touches one user's slot ({userId}) or the index.
describePresenceStoreContract('Redis Cluster', async (ttlMs) => RedisPresenceStore.connect(requireServiceUrl('REDIS_CLUSTER_URL'), { ttlMs, prefix }));
