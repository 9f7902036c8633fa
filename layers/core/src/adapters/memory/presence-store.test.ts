import { describePresenceStoreContract } from '../../ports/presence-store.contract.js';
import { MemoryPresenceStore, type MemoryPresenceState } from './presence-store.js';

const state: MemoryPresenceState = new Map();
describePresenceStoreContract('memory', async (ttlMs) => new MemoryPresenceStore({ ttlMs, state }));
