import pg from 'pg';
import { isConnectionError, rethrowDriverError } from '../sql/driver-error.js';
import type { SqlDatabase, SqlExecutor, SqlResult } from '../../ports/sql.js';

/** SqlDatabase over a `pg` pool. Size the pool small in FC: one request per instance. */
export class PostgresSqlDatabase implements SqlDatabase {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, options: { max?: number } = {}) {
    // A bounded connect: a server that accepts but does not answer (starting up, overloaded) turns
    // into dependency_unavailable after 5 s instead of holding the request until FC's timeout.
    this.pool = new pg.Pool({ connectionString, max: options.max ?? 4, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
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
    const client = await this.pool.connect().catch(rethrowDriverError);
    const tx: SqlExecutor = {
      query: async <R extends object>(text: string, params: readonly unknown[] = []) => {
        const result = await client.query(text, params as unknown[]).catch(rethrowDriverError);
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
      exec: async (script: string) => {
        await client.query(script).catch(rethrowDriverError);
      },
    };
    let broken: Error | undefined;
    // The pool stops listening to a client it hands out: a server shutting down (57P01) between two
    // statements of this transaction would be an uncaught 'error' event, crashing the process.
    const onError = (error: Error) => (broken ??= error);
    client.on('error', onError);
    try {
      await client.query('BEGIN').catch(rethrowDriverError);
      const value = await work(tx);
      // A COMMIT whose answer is lost may or may not have committed: the caller sees
      // dependency_unavailable and retries, which the idempotency keys (clientMsgId) make safe.
      await client.query('COMMIT').catch(rethrowDriverError);
      return value;
    } catch (error) {
      if (isConnectionError((error as { cause?: unknown }).cause ?? error)) broken = error as Error;
      else await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A client whose connection broke is discarded, not handed to the next caller.
      client.off('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
