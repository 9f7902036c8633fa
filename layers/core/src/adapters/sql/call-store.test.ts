import { describeCallStoreContract } from '../../ports/call-store.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { callFixture } from './call-store.fixture.js';

describeCallStoreContract('SQL on PGlite', async () => callFixture(await openTestPglite()));
