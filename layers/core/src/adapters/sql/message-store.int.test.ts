import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeMessageStoreContract } from '../../ports/message-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { SqlMessageStore } from './message-store.js';
import { migrate } from './migrator.js';

describeMessageStoreContract('SQL on PostgreSQL (pg)', async () => {
  const url = requireServiceUrl('DATABASE_URL');
  // Two pools stand in for two processes appending to the same conversations.
  const db = new PostgresSqlDatabase(url, { max: 10 });
  const other = new PostgresSqlDatabase(url, { max: 10 });
  await migrate(db);
  return {
    store: new SqlMessageStore(db),
    peer: new SqlMessageStore(other),
    close: async () => {
      await Promise.all([db.close(), other.close()]);
    },
  };
});
