import { AppError } from '../domain/errors.js';
import { errorStatus } from './error-status.js';
import type { FcHttpResult } from './fc-types.js';

/** What a function's handler returns; `httpFunction` turns it into the FC result. */
export interface HttpReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpReply => ({ status, body, headers });
export const noContent = (): HttpReply => ({ status: 204 });

/**
 * An HTML page (the few a browser opens directly, such as the unsubscribe link): it may use inline
 * styles and nothing else, cannot be framed, and sends no Referer, since its URL holds a token.
 */
export const htmlPage = (status: number, html: string): HttpReply => ({
  status,
  body: html,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  },
});

const baseHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function toFcResult(reply: HttpReply, requestId: string): FcHttpResult {
  const headers: Record<string, string> = { ...baseHeaders, 'x-request-id': requestId, ...reply.headers };
  if (reply.body === undefined) return { statusCode: reply.status, headers, body: '', isBase64Encoded: false };
  if (Buffer.isBuffer(reply.body)) {
    return { statusCode: reply.status, headers, body: reply.body.toString('base64'), isBase64Encoded: true };
  }
  headers['content-type'] ??= 'application/json; charset=utf-8';
  const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  return { statusCode: reply.status, headers, body, isBase64Encoded: false };
}

/** The error body shape from DESIGN §4; unknown errors become a bare 500 that hides internals. */
export function errorReply(error: unknown, requestId: string): HttpReply {
  const known = error instanceof AppError ? error : undefined;
  const code = known?.code ?? 'internal';
  const status = errorStatus[code];
  const headers: Record<string, string> = {};
  if (known?.retryAfterSeconds !== undefined) headers['retry-after'] = String(known.retryAfterSeconds);
  if (status === 401) {
    headers['www-authenticate'] =
      code === 'invalid_token' || code === 'token_expired' || code === 'session_revoked' ? `Bearer error="invalid_token"` : 'Bearer';
  }
  const message = known && code !== 'internal' ? known.message : 'Something went wrong on our side';
  return {
    status,
    headers,
    body: { error: { code, message, details: known && code !== 'internal' ? known.details : [] }, requestId },
  };
}
