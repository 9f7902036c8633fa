import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { requireServiceUrl } from '../harness-env.js';

/**
 * A new, empty PostgreSQL database on the test server, for suites whose assertions see the whole
 * database (an outbox sweep, a ledger prune) and so must not share it with other suites running
 * in parallel. `drop()` removes it.
 */
export async function freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = requireServiceUrl('DATABASE_URL');
  const name = `${label}_${Date.now()}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
