import pg from 'pg';

/**
 * How the send path's PostgreSQL commits. The test harness runs PostgreSQL with fsync,
 * synchronous_commit and full_page_writes off (test data is throwaway), so a commit there is not
 * durable and costs nothing to flush. Both systems promise an ack only after commit, and a deployed
 * PostgreSQL flushes its WAL on every commit: `durable` measures that, `harness` the fast setting.
 */
export type CommitDurability = 'durable' | 'harness';

const SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes'] as const;

/**
 * Runs `fn` with the server's durability settings on (`ALTER SYSTEM` plus a reload, so every
 * session of both systems sees them) and resets them afterwards, also when `fn` throws. A server
 * that already runs durable is left alone. Needs a superuser, as the harness's `chat` is.
 */
export async function withCommitDurability<T>(databaseUrl: string, durability: CommitDurability, fn: () => Promise<T>): Promise<T> {
  if (durability === 'harness') return fn();
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const changed: string[] = [];
    for (const name of SETTINGS) if ((await show(admin, name)) !== 'on') changed.push(name);
    if (changed.length === 0) return await fn();
    await alter(admin, changed, 'on');
    try {
      return await fn();
    } finally {
      await alter(admin, changed, undefined);
    }
  } finally {
    await admin.end();
  }
}

async function show(client: pg.Client, name: string): Promise<string> {
  const { rows } = await client.query<{ setting: string }>('SELECT setting FROM pg_settings WHERE name = $1', [name]);
  return rows[0]?.setting ?? '';
}

/** Sets (or, with `undefined`, resets to the config file's value) and waits until the reload is seen. */
async function alter(client: pg.Client, names: readonly string[], value: 'on' | undefined): Promise<void> {
  for (const name of names) await client.query(value ? `ALTER SYSTEM SET ${name} = ${value}` : `ALTER SYSTEM RESET ${name}`);
  await client.query('SELECT pg_reload_conf()');
  // The postmaster re-reads the file and signals every backend, this one included, which applies
  // it before its next command: poll until it shows.
  const want = value ?? 'off';
  for (let i = 0; i < 200; i++) {
    if ((await show(client, names[0]!)) === want) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`PostgreSQL did not apply ${names.join(', ')} = ${want} after a reload`);
}
