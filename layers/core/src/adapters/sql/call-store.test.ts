import { describeCallStoreContract } from '../../ports/call-store.contract.js';
import { PgliteSqlDatabase } from '../pglite/sql.js';
import { callFixture } from './call-store.fixture.js';

describeCallStoreContract('SQL on PGlite', async () => callFixture(await PgliteSqlDatabase.open()));
