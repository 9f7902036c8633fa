import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeMediaStoreContract } from '../../ports/media-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { mediaFixture } from './media-store.fixture.js';

describeMediaStoreContract('SQL on PostgreSQL', async () => mediaFixture(new PostgresSqlDatabase(requireServiceUrl('DATABASE_URL'))));
