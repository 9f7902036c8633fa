import { describeMentionStoreContract } from '../../ports/mention-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { mentionFixture } from './mention-store.fixture.js';

describeMentionStoreContract('SQL on PGlite', async () => mentionFixture(await openTestPglite()));
