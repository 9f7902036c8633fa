import { describeMediaStoreContract } from '../../ports/media-store.contract.js';
import { PgliteSqlDatabase } from '../pglite/sql.js';
import { mediaFixture } from './media-store.fixture.js';

describeMediaStoreContract('SQL on PGlite', async () => mediaFixture(await PgliteSqlDatabase.open()));
