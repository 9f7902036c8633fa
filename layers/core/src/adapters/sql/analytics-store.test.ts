import { describeAnalyticsStoreContract } from '../../ports/analytics-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { SqlAnalyticsStore } from './analytics-store.js';
import { migrate } from './migrator.js';

describeAnalyticsStoreContract('SQL on PGlite', async () => {
  const db = await openTestPglite();
  await migrate(db);
  return { store: new SqlAnalyticsStore(db), close: () => db.close() };
});
