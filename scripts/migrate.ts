import path from 'node:path';
import { PostgresSqlDatabase } from '@chat/core/adapters/postgres/sql';
import { PgliteSqlDatabase } from '@chat/core/adapters/pglite/sql';
import { migrate } from '@chat/core/adapters/sql/migrator';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the local PGlite under DATA_DIR. */
const url = process.env.DATABASE_URL;
const db = url ? new PostgresSqlDatabase(url, { max: 1 }) : await PgliteSqlDatabase.open(path.resolve(process.env.DATA_DIR ?? '.data', 'pglite'));
try {
  const applied = await migrate(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
