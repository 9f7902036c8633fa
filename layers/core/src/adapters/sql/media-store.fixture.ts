import type { MediaStoreFixture } from '../../ports/media-store.contract.js';
import type { SqlDatabase } from '../../ports/sql.js';
import { SqlConversationStore } from './conversation-store.js';
import { insertFixtureUser } from './fixture-users.js';
import { SqlMediaStore } from './media-store.js';
import { migrate } from './migrator.js';

/** Test fixture shared by the PGlite and PostgreSQL runs of the MediaStore contract. */
export async function mediaFixture(db: SqlDatabase): Promise<MediaStoreFixture> {
  await migrate(db);
  return {
    store: new SqlMediaStore(db),
    conversations: new SqlConversationStore(db),
    makeUser: (username) => insertFixtureUser(db, username),
    close: () => db.close(),
  };
}
