import path from 'node:path';
import { PostgresSqlDatabase } from '@chat/core/adapters/postgres/sql';
import { PgliteSqlDatabase } from '@chat/core/adapters/pglite/sql';
import { migrate } from '@chat/core/adapters/sql/migrator';
import { loadSlice, migrateConfig } from '@chat/core/config/env';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the local PGlite under DATA_DIR. */
const { database, dataDir } = loadSlice(migrateConfig, process.env);
const db = database.url ? new PostgresSqlDatabase(database.url, { max: 1 }) : await PgliteSqlDatabase.open(path.resolve(dataDir, 'pglite'));
try {
  const applied = await migrate(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
