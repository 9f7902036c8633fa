import { describeMessageStoreContract } from '../../ports/message-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { sendConversations } from '../sql/send-conversations.fixture.js';
import { MemoryMessageStore } from './message-store.js';

describeMessageStoreContract('memory', async () => {
  // Conversations have no memory adapter: a send's membership and activity live in SQL (PGlite).
  const sql = await openTestPglite();
  const conversations = sendConversations(sql);
  const store = new MemoryMessageStore({ conversations: conversations.store });
  return {
    store,
    outbox: store.outbox,
    conversations,
    whyNoPeer: "a MemoryMessageStore's messages live inside that one object; no other instance or process can share them",
    close: () => sql.close(),
  };
});
