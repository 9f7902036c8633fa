import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PgliteSqlDatabase } from '../../layers/core/src/adapters/pglite/sql.js';
import { migrate, MIGRATIONS_DIR } from '../../layers/core/src/adapters/sql/migrator.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Where the migrated PGlite template for this set of migrations lives. */
export function templatePath(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(path.join(MIGRATIONS_DIR, file)));
  hash.update(JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
  return path.join(ROOT, 'node_modules/.cache/fc-chat', `pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

/** Vitest global setup: build the migrated template once per set of migrations, before any test file. */
export default async function setup(): Promise<void> {
  const file = templatePath();
  if (existsSync(file)) return;
  const db = await PgliteSqlDatabase.open();
  await migrate(db);
  const dump = Buffer.from(await (await db.dump()).arrayBuffer());
  await db.close();
  mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a parallel run never reads half a template.
  writeFileSync(`${file}.${process.pid}`, dump);
  renameSync(`${file}.${process.pid}`, file);
}
