import { describeEmailPendingStoreContract } from '../../ports/email-pending-store.contract.js';
import { PgliteSqlDatabase } from '../pglite/sql.js';
import { emailPendingFixture } from './email-pending-store.fixture.js';

describeEmailPendingStoreContract('SQL on PGlite', async () => emailPendingFixture(await PgliteSqlDatabase.open()));
