import { PostgresSqlDatabase } from '../adapters/postgres/sql.js';
import type { SqlDatabase } from '../ports/sql.js';
import { notConfigured } from './embedded-only.js';
import { feature } from './wiring.js';

/** PostgreSQL: users, sessions, conversations, metadata (and messages without MongoDB). */
export const sqlDatabase = feature<SqlDatabase>(
  'sql',
  ({ config }) => {
    if (!config.database.url) throw notConfigured('DATABASE_URL', 'database');
    return new PostgresSqlDatabase(config.database.url, { max: config.database.poolSize });
  },
  (sql) => sql.close(),
);
