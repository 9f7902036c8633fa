import { describe, expect, it } from 'vitest';
import { AppError, ConflictError, NotFoundError, RateLimitedError, UnauthorizedError, ValidationError, type ErrorCode } from '../domain/errors.js';
import { errorStatus } from './error-status.js';
import { errorReply, json, noContent, toFcResult } from './http-response.js';

const codes = Object.keys(errorStatus) as ErrorCode[];

describe('toFcResult', () => {
  it('returns the FC 3.0 result shape with a JSON body', () => {
    const result = toFcResult(json(200, { ok: true, n: 1 }), 'req-1');
    expect(Object.keys(result).sort()).toEqual(['body', 'headers', 'isBase64Encoded', 'statusCode']);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(JSON.parse(result.body)).toEqual({ ok: true, n: 1 });
    expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(result.headers['cache-control']).toBe('no-store');
    expect(result.headers['x-content-type-options']).toBe('nosniff');
  });

  it('always sets x-request-id', () => {
    expect(toFcResult(json(201, {}), 'req-2').headers['x-request-id']).toBe('req-2');
    expect(toFcResult(noContent(), 'req-3').headers['x-request-id']).toBe('req-3');
    expect(toFcResult({ status: 200, body: Buffer.from('x') }, 'req-4').headers['x-request-id']).toBe('req-4');
    expect(toFcResult(errorReply(new Error('boom'), 'req-5'), 'req-5').headers['x-request-id']).toBe('req-5');
  });

  it('gives an empty body without content-type for no content', () => {
    const result = toFcResult(noContent(), 'req-1');
    expect(result).toMatchObject({ statusCode: 204, body: '', isBase64Encoded: false });
    expect(result.headers).not.toHaveProperty('content-type');
  });

  it('base64-encodes a Buffer body', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const result = toFcResult({ status: 200, body: bytes, headers: { 'content-type': 'image/png' } }, 'req-1');
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, 'base64').equals(bytes)).toBe(true);
    expect(result.headers['content-type']).toBe('image/png');
  });

  it('sends a string body as it is', () => {
    const result = toFcResult({ status: 200, body: '{"already":"json"}' }, 'req-1');
    expect(result.body).toBe('{"already":"json"}');
    expect(result.isBase64Encoded).toBe(false);
  });

  it('serialises JSON values that are not objects', () => {
    expect(toFcResult(json(200, null), 'r').body).toBe('null');
    expect(toFcResult(json(200, [1, 2]), 'r').body).toBe('[1,2]');
    expect(toFcResult(json(200, false), 'r').body).toBe('false');
  });

  it('lets the reply set its own headers, including content-type and cache-control', () => {
    const result = toFcResult(json(200, {}, { 'cache-control': 'public, max-age=300', 'content-type': 'application/jwk-set+json' }), 'req-1');
    expect(result.headers['cache-control']).toBe('public, max-age=300');
    expect(result.headers['content-type']).toBe('application/jwk-set+json');
  });
});

describe('errorReply', () => {
  it('has the error shape from the design', () => {
    const reply = errorReply(new ValidationError('Request body is invalid', [{ field: 'name', issue: 'is required' }]), 'req-1');
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: { code: 'validation_failed', message: 'Request body is invalid', details: [{ field: 'name', issue: 'is required' }] },
      requestId: 'req-1',
    });
  });

  it('maps domain errors to their statuses', () => {
    expect(errorReply(new NotFoundError('Conversation'), 'r').status).toBe(404);
    expect(errorReply(new ConflictError('taken'), 'r').status).toBe(409);
    expect(errorReply(new UnauthorizedError('token_expired'), 'r').status).toBe(401);
    expect(errorReply(new AppError('payload_too_large', 'big'), 'r').status).toBe(413);
  });

  it('turns an unknown error into a 500 that leaks nothing', () => {
    const secret = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    const reply = errorReply(secret, 'req-9');
    expect(reply.status).toBe(500);
    const body = reply.body as { error: { code: string; message: string; details: unknown[] }; requestId: string };
    expect(body.error.code).toBe('internal');
    expect(body.error.details).toEqual([]);
    expect(body.requestId).toBe('req-9');
    const text = JSON.stringify(reply);
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('10.0.0.5');
  });

  it('hides thrown values that are not errors', () => {
    for (const thrown of ['a string with secrets', 42, null, undefined, { message: 'object secret' }]) {
      const reply = errorReply(thrown, 'r');
      expect(reply.status).toBe(500);
      expect((reply.body as { error: { code: string } }).error.code).toBe('internal');
      expect(JSON.stringify(reply)).not.toContain('secret');
    }
  });

  it('hides the message and details of an internal AppError', () => {
    const reply = errorReply(new AppError('internal', 'table users is missing', { details: [{ issue: 'sql state 42P01' }] }), 'r');
    expect(reply.status).toBe(500);
    expect(JSON.stringify(reply)).not.toContain('users');
    expect(JSON.stringify(reply)).not.toContain('42P01');
  });

  it('sets retry-after from retryAfterSeconds', () => {
    const reply = errorReply(new RateLimitedError(12.2), 'r');
    expect(reply.status).toBe(429);
    expect(reply.headers?.['retry-after']).toBe('13');
    expect(errorReply(new AppError('dependency_unavailable', 'db down', { retryAfterSeconds: 5 }), 'r').headers?.['retry-after']).toBe('5');
  });

  it('sets no retry-after without retryAfterSeconds', () => {
    expect(errorReply(new NotFoundError('User'), 'r').headers).not.toHaveProperty('retry-after');
  });

  it('sets www-authenticate on every 401', () => {
    const unauthorized = codes.filter((code) => errorStatus[code] === 401);
    expect(unauthorized).toEqual(expect.arrayContaining(['unauthorized', 'invalid_credentials', 'invalid_token', 'token_expired', 'session_revoked']));
    for (const code of unauthorized) {
      const header = errorReply(new AppError(code, 'no'), 'r').headers?.['www-authenticate'];
      expect(header, code).toMatch(/^Bearer\b/);
    }
  });

  it('marks token failures with error="invalid_token"', () => {
    for (const code of ['invalid_token', 'token_expired', 'session_revoked'] as const) {
      expect(errorReply(new UnauthorizedError(code), 'r').headers?.['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
  });

  it('sets no www-authenticate on other statuses', () => {
    for (const code of codes.filter((c) => errorStatus[c] !== 401)) {
      expect(errorReply(new AppError(code, 'no'), 'r').headers, code).not.toHaveProperty('www-authenticate');
    }
  });
});

describe('errorStatus', () => {
  it('maps every error code to a 4xx or 5xx', () => {
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) {
      expect(errorStatus[code], code).toBeGreaterThanOrEqual(400);
      expect(errorStatus[code], code).toBeLessThan(600);
      expect(Number.isInteger(errorStatus[code])).toBe(true);
    }
  });

  it('has 5xx only for internal and dependency_unavailable', () => {
    expect(codes.filter((code) => errorStatus[code] >= 500).sort()).toEqual(['dependency_unavailable', 'internal']);
  });

  it('is what errorReply uses for every code', () => {
    for (const code of codes) {
      const reply = errorReply(new AppError(code, 'm'), 'r');
      expect(reply.status, code).toBe(errorStatus[code]);
      expect((reply.body as { error: { code: string } }).error.code).toBe(code);
    }
  });
});
