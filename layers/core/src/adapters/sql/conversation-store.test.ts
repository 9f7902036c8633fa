import { describeConversationStoreContract } from '../../ports/conversation-store.contract.js';
import { PgliteSqlDatabase } from '../pglite/sql.js';
import { conversationFixture } from './conversation-store.fixture.js';

describeConversationStoreContract('SQL on PGlite', async () => conversationFixture(await PgliteSqlDatabase.open()));
