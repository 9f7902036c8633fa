import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeKeyValueContract } from '../../ports/key-value.contract.js';
import { RedisKeyValueStore } from './key-value.js';

describeKeyValueContract('Redis', async () => RedisKeyValueStore.connect(requireServiceUrl('REDIS_URL')));
// Three masters: the contract's keys land on different shards (and `delete(a, b)` crosses slots).
describeKeyValueContract('Redis Cluster', async () => RedisKeyValueStore.connect(requireServiceUrl('REDIS_CLUSTER_URL')));
