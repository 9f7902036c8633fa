import { describeSqlContract } from '../../ports/sql.contract.js';
import { PgliteSqlDatabase } from './sql.js';

describeSqlContract('PGlite', () => PgliteSqlDatabase.open());
