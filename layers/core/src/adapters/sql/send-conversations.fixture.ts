import { randomUUID } from 'node:crypto';
import type { SendHarness } from '../../ports/message-store-send.contract.js';
import type { SqlDatabase } from '../../ports/sql.js';
import { SqlConversationStore } from './conversation-store.js';
import { insertFixtureUser } from './fixture-users.js';

/** The conversations side of the MessageStore contract's `send` cases, on a migrated SQL database. */
export const sendConversations = (db: SqlDatabase): SendHarness['conversations'] => ({
  store: new SqlConversationStore(db),
  makeUser: () => insertFixtureUser(db, `u${randomUUID().slice(0, 12)}`),
});
