import { describeJobLedgerContract } from '../../ports/job-ledger.contract.js';
import { PgliteSqlDatabase } from '../pglite/sql.js';
import { SqlJobLedger } from './job-ledger.js';
import { migrate } from './migrator.js';

describeJobLedgerContract('SQL on PGlite', async () => {
  const db = await PgliteSqlDatabase.open();
  await migrate(db);
  return { ledger: new SqlJobLedger(db), peer: new SqlJobLedger(db), close: () => db.close() };
});
