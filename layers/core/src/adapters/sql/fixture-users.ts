import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../../ports/sql.js';

/** A bare user row for the SQL store contracts' fixtures (the stores reference users by id). */
export async function insertFixtureUser(db: SqlDatabase, username: string): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO users (id, username, email, display_name, password_hash) VALUES ($1, $2, $3, $2, 'x')`, [id, username, `${id}@example.com`]);
  return id;
}
