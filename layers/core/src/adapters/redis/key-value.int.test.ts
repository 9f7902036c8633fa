import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeKeyValueContract } from '../../ports/key-value.contract.js';
import { RedisKeyValueStore } from './key-value.js';

describeKeyValueContract('Redis', async () => RedisKeyValueStore.connect(requireServiceUrl('REDIS_URL')));
