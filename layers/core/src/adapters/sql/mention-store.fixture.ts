import type { SqlDatabase } from '../../ports/sql.js';
import type { MentionStoreFixture } from '../../ports/mention-store.contract.js';
import { insertFixtureUser } from './fixture-users.js';
import { migrate } from './migrator.js';
import { SqlConversationStore } from './conversation-store.js';
import { SqlMentionStore } from './mention-store.js';

/** Test fixture shared by the PGlite and PostgreSQL runs of the MentionStore contract. */
export async function mentionFixture(db: SqlDatabase): Promise<MentionStoreFixture> {
  await migrate(db);
  return {
    store: new SqlMentionStore(db),
    conversations: new SqlConversationStore(db),
    makeUser: (username) => insertFixtureUser(db, username),
    close: () => db.close(),
  };
}
