import { describeKeyValueContract } from '../../ports/key-value.contract.js';
import { MemoryKeyValueStore } from './key-value.js';

describeKeyValueContract('memory', async () => new MemoryKeyValueStore());
