import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeAnalyticsStoreContract } from '../../ports/analytics-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { SqlAnalyticsStore } from './analytics-store.js';
import { migrate } from './migrator.js';

describeAnalyticsStoreContract('SQL on PostgreSQL (pg)', async () => {
  const db = new PostgresSqlDatabase(requireServiceUrl('DATABASE_URL'));
  await migrate(db);
  return { store: new SqlAnalyticsStore(db), close: () => db.close() };
});
