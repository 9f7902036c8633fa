import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeConversationStoreContract } from '../../ports/conversation-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { conversationFixture } from './conversation-store.fixture.js';

describeConversationStoreContract('SQL on PostgreSQL', async () => conversationFixture(new PostgresSqlDatabase(requireServiceUrl('DATABASE_URL'))));
