import { describeMessageStoreContract } from '../../ports/message-store.contract.js';
import { MemoryMessageStore } from './message-store.js';

describeMessageStoreContract('memory', async () => ({
  store: new MemoryMessageStore(),
  whyNoPeer: "a MemoryMessageStore's messages live inside that one object; no other instance or process can share them",
  close: async () => undefined,
}));
