import { ValidationError } from '../../domain/errors.js';
import { dependencyUnavailable, isNetworkError } from '../unavailable.js';

// SQLSTATEs of a server that is shutting down, starting up or out of connections: retry later.
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
// What `pg` throws without a code when the socket ends or a pool connect times out.
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/** True for a failure of the connection rather than of the statement. */
export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  if (isNetworkError(error)) return true;
  const code = (error as { code?: unknown }).code;
  // Class 08: connection exceptions.
  if (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m));
}

/**
 * What both SQL drivers do with a failed statement, in one place. SQLSTATE class 22 ("data
 * exception": a NUL in text, a date out of range, bad input syntax) means the input was bad, so it
 * is a 400 however the value got past validation. A lost or refused connection (the server
 * restarting) is `dependency_unavailable`, a 503 the client may retry, not an internal error. Every
 * error leaves without the statement's parameters: they are user data and must not reach the logs
 * (PGlite attaches them as `params`).
 */
export function mapDriverError(error: unknown): unknown {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('22'))
      return new ValidationError('A value cannot be stored', [{ issue: `the database rejected a value (SQLSTATE ${code})` }]);
    if ('params' in error) delete (error as { params?: unknown }).params;
    if (isConnectionError(error)) return dependencyUnavailable('The database', error);
  }
  return error;
}

/** For `.catch()` on a driver call. */
export function rethrowDriverError(error: unknown): never {
  throw mapDriverError(error);
}
