import pg from 'pg';
import { rethrowDriverError } from '../sql/driver-error.js';
import type { SqlDatabase, SqlExecutor, SqlResult } from '../../ports/sql.js';

/** SqlDatabase over a `pg` pool. Size the pool small in FC: one request per instance. */
export class PostgresSqlDatabase implements SqlDatabase {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, options: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString, max: options.max ?? 4, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    const result = await this.pool.query(text, params as unknown[]).catch(rethrowDriverError);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script).catch(rethrowDriverError);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: SqlExecutor = {
      query: async <R extends object>(text: string, params: readonly unknown[] = []) => {
        const result = await client.query(text, params as unknown[]).catch(rethrowDriverError);
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
      exec: async (script: string) => {
        await client.query(script).catch(rethrowDriverError);
      },
    };
    try {
      await client.query('BEGIN');
      const value = await work(tx);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
