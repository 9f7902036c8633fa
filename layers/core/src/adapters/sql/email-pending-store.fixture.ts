import { randomUUID } from 'node:crypto';
import type { EmailPendingStoreFixture } from '../../ports/email-pending-store.contract.js';
import type { SqlDatabase } from '../../ports/sql.js';
import { SqlConversationStore } from './conversation-store.js';
import { SqlEmailPendingStore } from './email-pending-store.js';
import { migrate } from './migrator.js';

/** Test fixture shared by the PGlite and PostgreSQL runs of the EmailPendingStore contract. */
export async function emailPendingFixture(db: SqlDatabase): Promise<EmailPendingStoreFixture> {
  await migrate(db);
  return {
    store: new SqlEmailPendingStore(db),
    conversations: new SqlConversationStore(db),
    makeUser: async (setting) => {
      const id = randomUUID();
      await db.query(`INSERT INTO users (id, username, email, display_name, password_hash, email_notifications) VALUES ($1, $2, $3, $2, 'x', $4)`, [
        id,
        `e${id.slice(0, 12)}`,
        `${id}@example.com`,
        setting,
      ]);
      return id;
    },
    close: () => db.close(),
  };
}
