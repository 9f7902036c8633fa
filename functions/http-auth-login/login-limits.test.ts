import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { describeLoginLimits } from './login-limits.fixture.js';

describeLoginLimits('memory', async () => new MemoryKeyValueStore());
