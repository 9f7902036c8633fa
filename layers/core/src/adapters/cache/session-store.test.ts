import { describeSessionStoreContract } from '../../ports/session-store.contract.js';
import { aNewUser } from '../../ports/user-store.contract.js';
import { MemoryKeyValueStore } from '../memory/key-value.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { migrate } from '../sql/migrator.js';
import { SqlSessionStore } from '../sql/session-store.js';
import { SqlUserStore } from '../sql/user-store.js';
import { CachedSessionStore } from './session-store.js';

describeSessionStoreContract('cached (memory) over SQL on PGlite', async () => {
  const db = await openTestPglite();
  await migrate(db);
  const kv = new MemoryKeyValueStore();
  const users = new SqlUserStore(db);
  return {
    store: new CachedSessionStore(new SqlSessionStore(db), kv, 60_000),
    makeUser: async () => (await users.create(aNewUser())).id,
    close: async () => {
      await kv.close();
      await db.close();
    },
  };
});
