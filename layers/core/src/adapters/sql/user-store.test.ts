import { describeUserStoreContract } from '../../ports/user-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { migrate } from './migrator.js';
import { SqlUserStore } from './user-store.js';

describeUserStoreContract('SQL on PGlite', async () => {
  const db = await openTestPglite();
  await migrate(db);
  return { store: new SqlUserStore(db), close: () => db.close() };
});
