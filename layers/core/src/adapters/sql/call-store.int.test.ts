import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeCallStoreContract } from '../../ports/call-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { callFixture } from './call-store.fixture.js';

describeCallStoreContract('SQL on PostgreSQL', async () => callFixture(new PostgresSqlDatabase(requireServiceUrl('DATABASE_URL'))));
