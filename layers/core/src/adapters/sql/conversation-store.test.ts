import { describeConversationStoreContract } from '../../ports/conversation-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { conversationFixture } from './conversation-store.fixture.js';

describeConversationStoreContract('SQL on PGlite', async () => conversationFixture(await openTestPglite()));
