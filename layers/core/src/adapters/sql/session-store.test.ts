import { describeSessionStoreContract } from '../../ports/session-store.contract.js';
import { aNewUser } from '../../ports/user-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { migrate } from './migrator.js';
import { SqlSessionStore } from './session-store.js';
import { SqlUserStore } from './user-store.js';

describeSessionStoreContract('SQL on PGlite', async () => {
  const db = await openTestPglite();
  await migrate(db);
  const users = new SqlUserStore(db);
  return { store: new SqlSessionStore(db), makeUser: async () => (await users.create(aNewUser())).id, close: () => db.close() };
});
