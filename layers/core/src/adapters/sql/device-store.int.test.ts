import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeDeviceStoreContract } from '../../ports/device-store.contract.js';
import { aNewUser } from '../../ports/user-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { SqlDeviceStore } from './device-store.js';
import { migrate } from './migrator.js';
import { SqlUserStore } from './user-store.js';

describeDeviceStoreContract('SQL on PostgreSQL (pg)', async () => {
  const db = new PostgresSqlDatabase(requireServiceUrl('DATABASE_URL'));
  await migrate(db);
  const users = new SqlUserStore(db);
  return { store: new SqlDeviceStore(db), makeUser: async () => (await users.create(aNewUser())).id, close: () => db.close() };
});
