import { AppError } from '../domain/errors.js';

/**
 * Socket-level failures every driver passes through from Node (`error.code`): the server is down,
 * restarting or unreachable. Nothing about the request was wrong, so the caller may retry.
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Seconds clients are told to wait: a restart takes a few seconds, and retries must not stampede. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

/** True if `error.code` is one of NETWORK_ERROR_CODES. */
export function isNetworkError(error: unknown): boolean {
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
}

/**
 * The error a caller sees for a backing service that is not answering: `dependency_unavailable`
 * (503 with Retry-After over HTTP, `retryAfterSeconds` in a WS error frame), never `internal`. The
 * driver's error stays the cause, for the logs; its message names no user data.
 */
export function dependencyUnavailable(service: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError('dependency_unavailable', `${service} is unavailable (${reason}); retry later`, {
    cause,
    retryAfterSeconds: DEPENDENCY_RETRY_AFTER_SECONDS,
  });
}
