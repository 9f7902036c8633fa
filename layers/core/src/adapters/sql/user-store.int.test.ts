import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeUserStoreContract } from '../../ports/user-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { migrate } from './migrator.js';
import { SqlUserStore } from './user-store.js';

describeUserStoreContract('SQL on PostgreSQL (pg)', async () => {
  const db = new PostgresSqlDatabase(requireServiceUrl('DATABASE_URL'));
  await migrate(db);
  return { store: new SqlUserStore(db), close: () => db.close() };
});
