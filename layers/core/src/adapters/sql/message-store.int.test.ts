import { freshDatabase } from '../../../../../test/support/fresh-database.js';
import { describeMessageStoreContract } from '../../ports/message-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { SqlMessageStore } from './message-store.js';
import { migrate } from './migrator.js';
import { sendConversations } from './send-conversations.fixture.js';

describeMessageStoreContract('SQL on PostgreSQL (pg)', async () => {
  // Its own database, so the outbox the contract reads holds only this suite's jobs.
  const fresh = await freshDatabase('messages');
  // Two pools stand in for two processes appending to the same conversations.
  const db = new PostgresSqlDatabase(fresh.url, { max: 10 });
  const other = new PostgresSqlDatabase(fresh.url, { max: 10 });
  await migrate(db);
  const store = new SqlMessageStore(db);
  return {
    store,
    outbox: store.outbox,
    peer: new SqlMessageStore(other),
    conversations: sendConversations(db),
    close: async () => {
      await Promise.all([db.close(), other.close()]);
      await fresh.drop();
    },
  };
});
