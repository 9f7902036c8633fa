import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../test/harness-env.js';
import { withCommitDurability } from './commit-durability.js';

const url = requireServiceUrl('DATABASE_URL');

async function settings(): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')",
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
}

const FAST = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };
const DURABLE = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' };

describe('withCommitDurability on the harness PostgreSQL', () => {
  it('turns durable commits on for new sessions while it runs, and back to the harness settings after, also on a throw', async () => {
    expect(await settings()).toEqual(FAST);
    expect(await withCommitDurability(url, 'durable', settings)).toEqual(DURABLE);
    expect(await settings()).toEqual(FAST);
    await expect(withCommitDurability(url, 'durable', () => Promise.reject(new Error('the run failed')))).rejects.toThrow('the run failed');
    expect(await settings()).toEqual(FAST);
    expect(await withCommitDurability(url, 'harness', settings)).toEqual(FAST);
  });
});
