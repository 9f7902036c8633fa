import { freshDatabase } from '../../../../../test/support/fresh-database.js';
import { describeJobLedgerContract } from '../../ports/job-ledger.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { SqlJobLedger } from './job-ledger.js';
import { migrate } from './migrator.js';

describeJobLedgerContract('SQL on PostgreSQL (pg)', async () => {
  // Its own database: `forget` prunes the whole table, which other suites must not feel.
  const fresh = await freshDatabase('ledger');
  // Two pools stand in for two worker instances claiming the same jobs.
  const db = new PostgresSqlDatabase(fresh.url, { max: 10 });
  const other = new PostgresSqlDatabase(fresh.url, { max: 10 });
  await migrate(db);
  return {
    ledger: new SqlJobLedger(db),
    peer: new SqlJobLedger(other),
    close: async () => {
      await Promise.all([db.close(), other.close()]);
      await fresh.drop();
    },
  };
});
