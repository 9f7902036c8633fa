import { describeEmailPendingStoreContract } from '../../ports/email-pending-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { emailPendingFixture } from './email-pending-store.fixture.js';

describeEmailPendingStoreContract('SQL on PGlite', async () => emailPendingFixture(await openTestPglite()));
