import { describeJobLedgerContract } from '../../ports/job-ledger.contract.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { SqlJobLedger } from './job-ledger.js';
import { migrate } from './migrator.js';

describeJobLedgerContract('SQL on PGlite', async () => {
  const db = await openTestPglite();
  await migrate(db);
  return { ledger: new SqlJobLedger(db), peer: new SqlJobLedger(db), close: () => db.close() };
});
