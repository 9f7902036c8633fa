import { randomUUID } from 'node:crypto';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeSessionStoreContract } from '../../ports/session-store.contract.js';
import { aNewUser } from '../../ports/user-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { RedisKeyValueStore } from '../redis/key-value.js';
import { migrate } from '../sql/migrator.js';
import { SqlSessionStore } from '../sql/session-store.js';
import { SqlUserStore } from '../sql/user-store.js';
import { CachedSessionStore } from './session-store.js';

describeSessionStoreContract('cached (Redis) over SQL on PostgreSQL (pg)', async () => {
  const db = new PostgresSqlDatabase(requireServiceUrl('DATABASE_URL'));
  await migrate(db);
  const kv = RedisKeyValueStore.connect(requireServiceUrl('REDIS_URL'), `test:${randomUUID()}:`);
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
