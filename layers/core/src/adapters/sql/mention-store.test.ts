import { describeMentionStoreContract } from '../../ports/mention-store.contract.js';
import { PgliteSqlDatabase } from '../pglite/sql.js';
import { mentionFixture } from './mention-store.fixture.js';

describeMentionStoreContract('SQL on PGlite', async () => mentionFixture(await PgliteSqlDatabase.open()));
