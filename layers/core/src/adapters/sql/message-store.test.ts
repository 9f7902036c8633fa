import { describeMessageStoreContract } from '../../ports/message-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { SqlMessageStore } from './message-store.js';
import { migrate } from './migrator.js';
import { sendConversations } from './send-conversations.fixture.js';

describeMessageStoreContract('SQL on PGlite', async () => {
  const db = await openTestPglite();
  await migrate(db);
  // PGlite is one connection in one process: the peer is a second store object on it, which
  // checks that no state outside the database matters, though not two real connections.
  const store = new SqlMessageStore(db);
  return { store, outbox: store.outbox, peer: new SqlMessageStore(db), conversations: sendConversations(db), close: () => db.close() };
});
