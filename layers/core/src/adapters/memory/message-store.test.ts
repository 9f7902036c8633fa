import { describeMessageStoreContract } from '../../ports/message-store.contract.js';
import { MemoryMessageStore } from './message-store.js';

describeMessageStoreContract('memory', async () => {
  const store = new MemoryMessageStore();
  return {
    store,
    outbox: store.outbox,
    whyNoPeer: "a MemoryMessageStore's messages live inside that one object; no other instance or process can share them",
    close: async () => undefined,
  };
});
