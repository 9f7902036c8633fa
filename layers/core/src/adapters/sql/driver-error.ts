import { ValidationError } from '../../domain/errors.js';

/**
 * What both SQL drivers do with a failed statement, in one place. SQLSTATE class 22 ("data
 * exception": a NUL in text, a date out of range, bad input syntax) means the input was bad, so it
 * is a 400 however the value got past validation. Every error leaves without the statement's
 * parameters: they are user data and must not reach the logs (PGlite attaches them as `params`).
 */
export function mapDriverError(error: unknown): unknown {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('22'))
      return new ValidationError('A value cannot be stored', [{ issue: `the database rejected a value (SQLSTATE ${code})` }]);
    if ('params' in error) delete (error as { params?: unknown }).params;
  }
  return error;
}

/** For `.catch()` on a driver call. */
export function rethrowDriverError(error: unknown): never {
  throw mapDriverError(error);
}
