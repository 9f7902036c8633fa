import { AppError } from '@chat/core/domain/errors';
import type { Logger } from '@chat/core/runtime/logger';
import type { FrameError } from './protocol.js';

/** The `error` frame body for a failure: AppErrors keep their code; anything else is logged and hidden. */
export function frameError(error: unknown, log: Logger, context: Record<string, unknown>): FrameError {
  if (error instanceof AppError) {
    const retryAfter = error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds };
    return { code: error.code, message: error.message, details: error.details, ...retryAfter };
  }
  log.error({ err: error, ...context }, 'client action failed');
  return { code: 'internal', message: 'Internal error', details: [] };
}

/** Failures of the caller's token reported by the chat service end the connection (4101). */
export function isTokenFailure(error: unknown): error is AppError {
  return error instanceof AppError && (error.code === 'token_expired' || error.code === 'session_revoked');
}
