import { describeUserStoreContract } from '../../ports/user-store.contract.js';
import { PgliteSqlDatabase } from '../pglite/sql.js';
import { migrate } from './migrator.js';
import { SqlUserStore } from './user-store.js';

describeUserStoreContract('SQL on PGlite', async () => {
  const db = await PgliteSqlDatabase.open();
  await migrate(db);
  return { store: new SqlUserStore(db), close: () => db.close() };
});
