import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeMentionStoreContract } from '../../ports/mention-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { mentionFixture } from './mention-store.fixture.js';

describeMentionStoreContract('SQL on PostgreSQL', async () => mentionFixture(new PostgresSqlDatabase(requireServiceUrl('DATABASE_URL'))));
