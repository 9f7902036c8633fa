/**
 * A PostgreSQL-dialect SQL database. Parameters are positional (`$1`, `$2`…). Adapters: `pg` (a
 * pool, for real PostgreSQL) and PGlite (embedded, the local default); both pass
 * `sql.contract.ts`.
 */
export interface SqlExecutor {
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs a script of several statements with no parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it
   * throws (the error is rethrown). Transactions use READ COMMITTED unless the work sets otherwise.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATE codes adapters surface unchanged on `error.code`, so stores can map them to domain errors. */
export const SqlState = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The constraint a unique violation hit, when the driver reports it. */
export function constraintOf(error: unknown): string | undefined {
  const c = (error as { constraint?: unknown } | null)?.constraint;
  return typeof c === 'string' ? c : undefined;
}
