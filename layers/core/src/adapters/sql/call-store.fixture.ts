import type { SqlDatabase } from '../../ports/sql.js';
import type { CallStoreFixture } from '../../ports/call-store.contract.js';
import { insertFixtureUser } from './fixture-users.js';
import { migrate } from './migrator.js';
import { SqlCallStore } from './call-store.js';
import { SqlConversationStore } from './conversation-store.js';

/** Test fixture shared by the PGlite and PostgreSQL runs of the CallStore contract. */
export async function callFixture(db: SqlDatabase): Promise<CallStoreFixture> {
  await migrate(db);
  return {
    store: new SqlCallStore(db),
    conversations: new SqlConversationStore(db),
    makeUser: (username) => insertFixtureUser(db, username),
    close: () => db.close(),
  };
}
