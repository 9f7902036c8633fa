import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { rethrowDriverError } from '../sql/driver-error.js';
import type { SqlDatabase, SqlExecutor, SqlResult } from '../../ports/sql.js';

/**
 * SqlDatabase over PGlite, PostgreSQL compiled to WebAssembly: the embedded default, so
 * `npm start` needs no server. PGlite has one connection and queues statements, so a transaction
 * holds the database until it ends.
 */
export class PgliteSqlDatabase implements SqlDatabase {
  private constructor(private readonly db: PGlite) {}

  /**
   * A dump (`PGlite.dumpDataDir`) that new in-memory databases start from. Creating a cluster from
   * scratch runs initdb inside WASM, several times slower than loading one; test runs set this once.
   */
  private static template: Blob | undefined;

  static useTemplate(dump: Blob | undefined): void {
    PgliteSqlDatabase.template = dump;
  }

  /** Dumps this database so others can start from it (see `useTemplate`). */
  async dump(): Promise<Blob> {
    return (await this.db.dumpDataDir('none')) as Blob;
  }

  /** `dataDir` persists to disk; omit it for an in-memory database. */
  static async open(dataDir?: string): Promise<PgliteSqlDatabase> {
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const template = PgliteSqlDatabase.template;
    const db = dataDir ? new PGlite(dataDir) : template ? new PGlite({ loadDataDir: template }) : new PGlite();
    await db.waitReady;
    return new PgliteSqlDatabase(db);
  }

  async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    const result = await this.db.query<R>(text, params as unknown[]).catch(rethrowDriverError);
    return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script).catch(rethrowDriverError);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) =>
      work({
        query: async <R extends object>(text: string, params: readonly unknown[] = []) => {
          const result = await t.query<R>(text, params as unknown[]).catch(rethrowDriverError);
          return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
        },
        exec: async (script: string) => {
          await t.exec(script).catch(rethrowDriverError);
        },
      }),
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
