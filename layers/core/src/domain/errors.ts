/**
 * Domain errors. They carry a stable snake_case `code` that clients can rely on; they know nothing
 * of HTTP. `runtime/error-status.ts` maps each code to a status in one table.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_cursor'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'invalid_credentials'
  | 'invalid_token'
  | 'token_expired'
  | 'session_revoked'
  | 'forbidden'
  | 'origin_not_allowed'
  | 'not_found'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'rate_limited'
  | 'dependency_unavailable'
  | 'media_too_large'
  | 'media_type_not_allowed'
  | 'media_mismatch'
  | 'media_not_uploaded'
  | 'internal';

export interface ErrorDetail {
  /** JSON-pointer-like path of the offending field, e.g. `password` or `memberIds.2`. */
  field?: string;
  issue: string;
}

export interface AppErrorOptions {
  details?: ErrorDetail[];
  cause?: unknown;
  /** Seconds a client should wait before retrying (rate limits, overload). */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('validation_failed', message, { details });
    this.name = 'ValidationError';
  }
}

export class UnauthorizedError extends AppError {
  constructor(
    code: 'unauthorized' | 'invalid_credentials' | 'invalid_token' | 'token_expired' | 'session_revoked' = 'unauthorized',
    message = 'Authentication required',
  ) {
    super(code, message);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed') {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('conflict', message, { details });
    this.name = 'ConflictError';
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, message = 'Too many attempts, try again later') {
    super('rate_limited', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
    this.name = 'RateLimitedError';
  }
}
