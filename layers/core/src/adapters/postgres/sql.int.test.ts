import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeSqlContract } from '../../ports/sql.contract.js';
import { PostgresSqlDatabase } from './sql.js';

describeSqlContract('PostgreSQL (pg)', async () => new PostgresSqlDatabase(requireServiceUrl('DATABASE_URL')));
