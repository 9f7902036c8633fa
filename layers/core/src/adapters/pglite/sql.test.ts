import { describeSqlContract } from '../../ports/sql.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';

describeSqlContract('PGlite', () => openTestPglite());
