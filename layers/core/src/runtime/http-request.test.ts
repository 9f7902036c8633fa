import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import type { FcHttpEvent } from './fc-types.js';
import { decodeEvent, requestIdOf, toHttpRequest } from './http-request.js';

const fixtureText = readFileSync(new URL('./fixtures/fc3-http-event.json', import.meta.url), 'utf8');
const fixture = (): FcHttpEvent => JSON.parse(fixtureText) as FcHttpEvent;

function event(patch: Partial<FcHttpEvent> = {}, http: Partial<FcHttpEvent['requestContext']['http']> = {}): FcHttpEvent {
  const base = fixture();
  return { ...base, ...patch, requestContext: { ...base.requestContext, http: { ...base.requestContext.http, ...http } } };
}

function internalError(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('internal');
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

describe('decodeEvent', () => {
  it('parses a Buffer of JSON', () => {
    expect(decodeEvent(Buffer.from(fixtureText))).toEqual(fixture());
  });

  it('parses a Uint8Array of JSON', () => {
    expect(decodeEvent(new TextEncoder().encode(fixtureText))).toEqual(fixture());
  });

  it('parses a string of JSON', () => {
    expect(decodeEvent(fixtureText)).toEqual(fixture());
  });

  it('returns an object as it is', () => {
    const object = fixture();
    expect(decodeEvent(object)).toBe(object);
  });

  it('rejects a Buffer that is not JSON with an internal AppError', () => {
    const error = internalError(() => decodeEvent(Buffer.from('not json')));
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects a string that is not JSON with an internal AppError', () => {
    internalError(() => decodeEvent('{"rawPath":'));
  });
});

describe('toHttpRequest', () => {
  it('reads the reference FC 3.0 event', () => {
    const req = toHttpRequest(Buffer.from(fixtureText));
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/2023-03-30/functions/fc3-event-test-http-trigger-Darwin-x86_64/invocations');
    expect(req.sourceIp).toBe('112.10.236.5');
    expect(req.body.toString('utf8')).toBe('haha');
    expect(req.query).toEqual({});
    expect(req.params).toEqual({});
    expect(req.headers['content-type']).toBe('application/octet-stream');
    expect(req.headers['x-acs-action']).toBe('InvokeFunction');
  });

  it('gives the same request for a Buffer, a string and an object', () => {
    const fromBuffer = toHttpRequest(Buffer.from(fixtureText));
    expect(toHttpRequest(fixtureText)).toEqual(fromBuffer);
    expect(toHttpRequest(fixture())).toEqual(fromBuffer);
  });

  it('decodes a base64 body', () => {
    const req = toHttpRequest(event({ body: Buffer.from('{"hello":"wörld"}').toString('base64'), isBase64Encoded: true }));
    expect(req.body.toString('utf8')).toBe('{"hello":"wörld"}');
  });

  it('keeps binary bytes of a base64 body exactly', () => {
    const bytes = Buffer.from([0x00, 0xff, 0x80, 0x7f, 0xfe, 0x0a, 0x0d, 0xc3, 0x28]);
    const req = toHttpRequest(Buffer.from(JSON.stringify(event({ body: bytes.toString('base64'), isBase64Encoded: true }))));
    expect(Buffer.isBuffer(req.body)).toBe(true);
    expect(req.body.equals(bytes)).toBe(true);
  });

  it('takes a plain body as UTF-8 text', () => {
    const req = toHttpRequest(event({ body: 'ünïcödé ✓', isBase64Encoded: false }));
    expect(req.body.toString('utf8')).toBe('ünïcödé ✓');
    expect(req.body.length).toBe(Buffer.byteLength('ünïcödé ✓'));
  });

  it('gives an empty body when the event has none', () => {
    const { body: _body, ...rest } = fixture();
    const req = toHttpRequest(rest);
    expect(req.body).toEqual(Buffer.alloc(0));
  });

  it('gives an empty body when a base64 event has none', () => {
    const { body: _body, ...rest } = fixture();
    expect(toHttpRequest({ ...rest, isBase64Encoded: true }).body.length).toBe(0);
  });

  it('lower-cases header names and keeps their values', () => {
    const req = toHttpRequest(event({ headers: { 'Content-Type': 'application/JSON', AUTHORIZATION: 'Bearer AbC', 'x-Mixed-CASE': 'Value' } }));
    expect(req.headers).toEqual({ 'content-type': 'application/JSON', authorization: 'Bearer AbC', 'x-mixed-case': 'Value' });
  });

  it('keeps comma-joined multi-value headers as they are', () => {
    const req = toHttpRequest(event({ headers: { Accept: 'application/json, text/plain;q=0.5', 'X-Forwarded-For': '203.0.113.7, 10.0.0.1' } }));
    expect(req.headers.accept).toBe('application/json, text/plain;q=0.5');
    expect(req.headers['x-forwarded-for']).toBe('203.0.113.7, 10.0.0.1');
  });

  it('reads query parameters with lower-cased keys', () => {
    const req = toHttpRequest(event({ queryParameters: { q: 'ali', Limit: '20', cursor: 'a,b' } }));
    expect(req.query).toEqual({ q: 'ali', limit: '20', cursor: 'a,b' });
  });

  it('gives empty query parameters when the event has none', () => {
    const { queryParameters: _q, ...rest } = fixture();
    expect(toHttpRequest(rest).query).toEqual({});
  });

  it('upper-cases the method', () => {
    expect(toHttpRequest(event({}, { method: 'patch' })).method).toBe('PATCH');
  });

  it('takes the path from requestContext.http.path', () => {
    const req = toHttpRequest(
      event({ rawPath: '/v1/conversations/c%201/messages/7/reactions/%F0%9F%91%8D' }, { path: '/v1/conversations/c 1/messages/7/reactions/👍' }),
    );
    expect(req.path).toBe('/v1/conversations/c 1/messages/7/reactions/👍');
  });

  it('falls back to the decoded rawPath when requestContext.http.path is empty', () => {
    const req = toHttpRequest(event({ rawPath: '/v1/conversations/c%201/messages/7/reactions/%F0%9F%91%8D' }, { path: '' }));
    expect(req.path).toBe('/v1/conversations/c 1/messages/7/reactions/👍');
  });

  it('keeps a rawPath that cannot be decoded as it is', () => {
    expect(toHttpRequest(event({ rawPath: '/v1/users/%E0%A4%A' }, { path: '' })).path).toBe('/v1/users/%E0%A4%A');
  });

  it('rejects an event that is not an HTTP event with an internal AppError', () => {
    internalError(() => toHttpRequest({ Records: [{ eventName: 'ObjectCreated:Put' }] }));
    internalError(() => toHttpRequest(Buffer.from('{"triggerTime":"2024-01-01T00:00:00Z","triggerName":"timer","payload":""}')));
    internalError(() => toHttpRequest(Buffer.from('null')));
    internalError(() => toHttpRequest(Buffer.from('[]')));
  });

  it('rejects an event without requestContext.http.method', () => {
    const base = fixture();
    const { http: _http, ...context } = base.requestContext;
    internalError(() => toHttpRequest({ ...base, requestContext: context }));
  });

  it('rejects an event without rawPath', () => {
    const { rawPath: _rawPath, ...rest } = fixture();
    internalError(() => toHttpRequest(rest));
  });
});

describe('requestIdOf', () => {
  it('prefers the FC context request id', () => {
    expect(requestIdOf({ contextId: 'ctx-1', headers: { 'x-fc-request-id': 'fc-1', 'x-request-id': 'client-1' } })).toBe('ctx-1');
  });

  it('falls back to x-fc-request-id', () => {
    expect(requestIdOf({ contextId: '', headers: { 'x-fc-request-id': 'fc-1', 'x-request-id': 'client-1' } })).toBe('fc-1');
  });

  it('falls back to the caller x-request-id', () => {
    expect(requestIdOf({ headers: { 'x-request-id': 'client-1' } })).toBe('client-1');
  });

  it('finds the header ids of a decoded request whatever their original case', () => {
    const req = toHttpRequest(event({ headers: { 'X-Request-Id': 'client-2' } }));
    expect(requestIdOf({ headers: req.headers })).toBe('client-2');
  });

  it('gives undefined when there is no id anywhere', () => {
    expect(requestIdOf({ contextId: '', headers: {} })).toBeUndefined();
  });
});
