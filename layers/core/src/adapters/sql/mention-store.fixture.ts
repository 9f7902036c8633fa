import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../../ports/sql.js';
import type { MentionStoreFixture } from '../../ports/mention-store.contract.js';
import { migrate } from './migrator.js';
import { SqlConversationStore } from './conversation-store.js';
import { SqlMentionStore } from './mention-store.js';

/** Test fixture shared by the PGlite and PostgreSQL runs of the MentionStore contract. */
export async function mentionFixture(db: SqlDatabase): Promise<MentionStoreFixture> {
  await migrate(db);
  return {
    store: new SqlMentionStore(db),
    conversations: new SqlConversationStore(db),
    makeUser: async (username) => {
      const id = randomUUID();
      await db.query(`INSERT INTO users (id, username, email, display_name, password_hash) VALUES ($1, $2, $3, $2, 'x')`, [id, username, `${id}@example.com`]);
      return id;
    },
    close: () => db.close(),
  };
}
