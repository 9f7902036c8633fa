import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { errorReply } from './http-response.js';
import { decodeEvent } from './http-request.js';
import { parseWith } from './json-body.js';
import { rootLogger } from './logger.js';
import type { FcContext, FcEventInput } from './fc-types.js';

/** What an invoked (not HTTP) function returns: FC passes it back to the caller as the body. */
/** A failed invocation's error, as in the HTTP error body; `retryAfterSeconds` where HTTP would send Retry-After. */
export interface InvokeError {
  code: string;
  message: string;
  details: unknown[];
  retryAfterSeconds?: number;
}

export type InvokeResult<T> = { ok: true; result: T } | { ok: false; error: InvokeError };

/**
 * Wraps a function that is called with InvokeFunction (no HTTP trigger): JSON payload in, JSON
 * `InvokeResult` out. Domain errors travel back as data with their codes, so the caller can map
 * them exactly as the HTTP API does; the invocation itself only fails for bugs.
 */
export function invokeFunction<S extends z.ZodType, T>(schema: S, run: (payload: z.infer<S>, requestId: string) => Promise<T>) {
  return async (event: FcEventInput, context: FcContext): Promise<InvokeResult<T>> => {
    const requestId = context?.requestId || randomUUID();
    try {
      const payload = parseWith(schema, decodeEvent(event), 'Invocation payload is invalid');
      return { ok: true, result: await run(payload, requestId) };
    } catch (error) {
      const reply = errorReply(error, requestId);
      if (!(error instanceof AppError) || reply.status >= 500) rootLogger().error({ err: error, requestId }, 'invocation failed');
      const { error: body } = reply.body as { error: InvokeError };
      const retryAfter = error instanceof AppError ? error.retryAfterSeconds : undefined;
      return { ok: false, error: retryAfter === undefined ? body : { ...body, retryAfterSeconds: retryAfter } };
    }
  };
}
