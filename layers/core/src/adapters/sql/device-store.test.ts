import { describeDeviceStoreContract } from '../../ports/device-store.contract.js';
import { aNewUser } from '../../ports/user-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { SqlDeviceStore } from './device-store.js';
import { migrate } from './migrator.js';
import { SqlUserStore } from './user-store.js';

describeDeviceStoreContract('SQL on PGlite', async () => {
  const db = await openTestPglite();
  await migrate(db);
  const users = new SqlUserStore(db);
  return { store: new SqlDeviceStore(db), makeUser: async () => (await users.create(aNewUser())).id, close: () => db.close() };
});
