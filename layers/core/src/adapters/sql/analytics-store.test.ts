import { describeAnalyticsStoreContract } from '../../ports/analytics-store.contract.js';
import { PgliteSqlDatabase } from '../pglite/sql.js';
import { SqlAnalyticsStore } from './analytics-store.js';
import { migrate } from './migrator.js';

describeAnalyticsStoreContract('SQL on PGlite', async () => {
  const db = await PgliteSqlDatabase.open();
  await migrate(db);
  return { store: new SqlAnalyticsStore(db), close: () => db.close() };
});
