import { dependencyUnavailable, isNetworkError } from '../unavailable.js';

// By name rather than instanceof, so errors of another copy of the driver count too. Network
// errors cover their subclasses' names: timeouts and a cleared pool (a connection died mid-use).
const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoServerSelectionError',
  'MongoServerClosedError',
  // An operation still on a client that MongoConnection replaced and then closed.
  'MongoTopologyClosedError',
  'MongoClientClosedError',
]);
// Server error codes of a node that cannot serve now: shutting down, not primary, interrupted by a
// step-down (the driver's own retryable-error list). Code 11000 (duplicate key) is not among them.
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

/** True for a MongoDB failure the caller may retry once the server is back. */
export function isMongoUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isNetworkError(error) || UNAVAILABLE_NAMES.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  return error.name === 'MongoServerError' && typeof code === 'number' && UNAVAILABLE_CODES.has(code);
}

/** Every Mongo adapter's errors pass through here: an unreachable server is `dependency_unavailable`. */
export function mapMongoError(error: unknown): unknown {
  return isMongoUnavailable(error) ? dependencyUnavailable('The message store', error) : error;
}

/** For `.catch()` on a driver call. */
export function rethrowMongoError(error: unknown): never {
  throw mapMongoError(error);
}
