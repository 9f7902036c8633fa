import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../../ports/sql.js';
import type { CallStoreFixture } from '../../ports/call-store.contract.js';
import { migrate } from './migrator.js';
import { SqlCallStore } from './call-store.js';
import { SqlConversationStore } from './conversation-store.js';

/** Test fixture shared by the PGlite and PostgreSQL runs of the CallStore contract. */
export async function callFixture(db: SqlDatabase): Promise<CallStoreFixture> {
  await migrate(db);
  return {
    store: new SqlCallStore(db),
    conversations: new SqlConversationStore(db),
    makeUser: async (username) => {
      const id = randomUUID();
      await db.query(`INSERT INTO users (id, username, email, display_name, password_hash) VALUES ($1, $2, $3, $2, 'x')`, [id, username, `${id}@example.com`]);
      return id;
    },
    close: () => db.close(),
  };
}
