import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../../ports/sql.js';
import type { ConversationStoreFixture } from '../../ports/conversation-store.contract.js';
import { migrate } from './migrator.js';
import { SqlConversationStore } from './conversation-store.js';

/** Test fixture shared by the PGlite and PostgreSQL runs of the ConversationStore contract. */
export async function conversationFixture(db: SqlDatabase): Promise<ConversationStoreFixture> {
  await migrate(db);
  return {
    store: new SqlConversationStore(db),
    makeUser: async () => {
      const id = randomUUID();
      await db.query(`INSERT INTO users (id, username, email, display_name, password_hash) VALUES ($1, $2, $3, $2, 'x')`, [
        id,
        `u${id.slice(0, 12)}`,
        `${id}@example.com`,
      ]);
      return id;
    },
    close: () => db.close(),
  };
}
