import { randomUUID } from 'node:crypto';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { describeEmailPendingStoreContract } from '../../ports/email-pending-store.contract.js';
import { PostgresSqlDatabase } from '../postgres/sql.js';
import { emailPendingFixture } from './email-pending-store.fixture.js';

// `claimDue` takes whatever is due in the whole table, so this suite gets a schema of its own:
// it must neither take nor lose rows to other suites flushing e-mail in the same database.
describeEmailPendingStoreContract('SQL on PostgreSQL', async () => {
  const url = requireServiceUrl('DATABASE_URL');
  const schema = `email_contract_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new PostgresSqlDatabase(url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  const fixture = await emailPendingFixture(new PostgresSqlDatabase(scoped.toString()));
  return {
    ...fixture,
    async close() {
      await fixture.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
});
