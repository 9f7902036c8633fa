import { describeMediaStoreContract } from '../../ports/media-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { mediaFixture } from './media-store.fixture.js';

describeMediaStoreContract('SQL on PGlite', async () => mediaFixture(await openTestPglite()));
