process.env.LOG_LEVEL = 'silent';

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config/env.js';
import { createDeps, provideDeps, type Deps } from '../../../../test/support/deps.js';
import { openTestPglite } from '../../../../test/support/pglite.js';
import { MemoryKeyValueStore } from '../adapters/memory/key-value.js';
import { generateSigningKey } from '../adapters/jose/signing-keys.js';
import { AppError, RateLimitedError, UnauthorizedError } from '../domain/errors.js';
import type { FcContext, FcHttpEvent, FcHttpResult } from './fc-types.js';
import { httpFunction, type HttpCall } from './http-function.js';
import { json } from './http-response.js';
import { readJson } from './json-body.js';
import { accessTokens } from '../wiring/auth.js';
import { sqlDatabase } from '../wiring/sql.js';

const template = JSON.parse(readFileSync(new URL('./fixtures/fc3-http-event.json', import.meta.url), 'utf8')) as FcHttpEvent;

interface EventInput {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
}

function fcEvent(input: EventInput = {}): Buffer {
  const path = input.path ?? '/v1/things/t-1';
  const event: FcHttpEvent = {
    ...template,
    rawPath: encodeURI(path),
    headers: { 'Content-Type': 'application/json', ...input.headers },
    queryParameters: input.query ?? {},
    body: input.body ?? '',
    isBase64Encoded: false,
    requestContext: { ...template.requestContext, http: { ...template.requestContext.http, method: input.method ?? 'POST', path } },
  };
  return Buffer.from(JSON.stringify(event));
}

let n = 0;
function context(requestId = `req-${++n}`): FcContext {
  return { requestId, function: { name: 'things', handler: 'index.handler', memory: 512, timeout: 15 }, region: 'local', accountId: 'local' };
}

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; issue: string }[] };
  requestId: string;
}

const bodyOf = (result: FcHttpResult): unknown =>
  result.body ? JSON.parse(result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body) : undefined;
const errorOf = (result: FcHttpResult): ErrorBody => bodyOf(result) as ErrorBody;

let deps: Deps;
let calls: HttpCall<typeof thingRoute>[];
let behaviour: (call: HttpCall<typeof thingRoute>) => Promise<ReturnType<typeof json>>;

const thingRoute = { method: 'POST', path: '/v1/things/{id}', summary: 'a test route', auth: 'none', responses: {} } as const;

const handler = httpFunction(thingRoute, async (call) => {
  calls.push(call);
  return behaviour(call);
});

describe('httpFunction', () => {
  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { devSigningKeys: [await generateSigningKey()] });
    deps = await createDeps(config, { migrate: true, sql: await openTestPglite(), kv: new MemoryKeyValueStore() });
    provideDeps(deps);
  }, 120_000);

  afterAll(async () => {
    await deps?.close();
  });

  beforeEach(() => {
    calls = [];
    behaviour = async ({ req }) => json(201, { id: req.params.id });
  });

  it('exposes its route', () => {
    expect(handler.route).toBe(thingRoute);
  });

  it('runs the endpoint and returns the FC result', async () => {
    const result = await handler(fcEvent({ path: '/v1/things/t-1' }), context('req-ok'));
    expect(result.statusCode).toBe(201);
    expect(result.isBase64Encoded).toBe(false);
    expect(bodyOf(result)).toEqual({ id: 't-1' });
    expect(result.headers['x-request-id']).toBe('req-ok');
    expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('passes params, the decoded request, the process wiring and the request id to the endpoint', async () => {
    await handler(fcEvent({ path: '/v1/things/abc', headers: { 'X-Custom': 'Yes' }, query: { Q: 'x' }, body: '{"a":1}' }), context('req-call'));
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.req.params).toEqual({ id: 'abc' });
    expect(call.req.method).toBe('POST');
    expect(call.req.path).toBe('/v1/things/abc');
    expect(call.req.headers['x-custom']).toBe('Yes');
    expect(call.req.query).toEqual({ q: 'x' });
    expect(call.req.body.toString('utf8')).toBe('{"a":1}');
    expect(await call.use(sqlDatabase)).toBe(deps.sql);
    expect(call.config).toBe(deps.config);
    expect(call.requestId).toBe('req-call');
    expect(typeof call.log.info).toBe('function');
  });

  it('gives the endpoint working dependencies', async () => {
    behaviour = async ({ use }) => {
      const { rows } = await (await use(sqlDatabase)).query<{ one: number }>('select 1 as one');
      return json(200, { one: rows[0]?.one, keys: (await use(accessTokens)).jwks().keys.length });
    };
    const result = await handler(fcEvent(), context());
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ one: 1, keys: 1 });
  });

  it('decodes path params from the decoded path', async () => {
    await handler(fcEvent({ path: '/v1/things/thing one' }), context());
    expect(calls[0]!.req.params).toEqual({ id: 'thing one' });
  });

  it('matches a path with a trailing slash', async () => {
    const result = await handler(fcEvent({ path: '/v1/things/t-2/' }), context());
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result)).toEqual({ id: 't-2' });
  });

  it('answers a wrong method with 405 and an allow header', async () => {
    const result = await handler(fcEvent({ method: 'GET' }), context('req-405'));
    expect(result.statusCode).toBe(405);
    expect(result.headers.allow).toBe('POST, OPTIONS');
    expect(errorOf(result)).toMatchObject({ error: { code: 'method_not_allowed' }, requestId: 'req-405' });
    expect(calls).toHaveLength(0);
  });

  it('answers a path that does not match with 404 route_not_found', async () => {
    for (const path of ['/v1/things', '/v1/things/a/b', '/v1/other/a']) {
      const result = await handler(fcEvent({ path }), context('req-404'));
      expect(result.statusCode, path).toBe(404);
      expect(errorOf(result)).toMatchObject({ error: { code: 'route_not_found' }, requestId: 'req-404' });
      expect(result.headers).not.toHaveProperty('allow');
    }
    expect(calls).toHaveLength(0);
  });

  it('maps an AppError from the endpoint to its status and the error shape', async () => {
    behaviour = async () => {
      throw new AppError('conflict', 'Thing already exists', { details: [{ field: 'id', issue: 'is taken' }] });
    };
    const result = await handler(fcEvent(), context('req-conflict'));
    expect(result.statusCode).toBe(409);
    expect(result.headers['x-request-id']).toBe('req-conflict');
    expect(errorOf(result)).toEqual({
      error: { code: 'conflict', message: 'Thing already exists', details: [{ field: 'id', issue: 'is taken' }] },
      requestId: 'req-conflict',
    });
  });

  it('keeps the headers of a mapped error', async () => {
    behaviour = async () => {
      throw new RateLimitedError(30);
    };
    const limited = await handler(fcEvent(), context());
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    behaviour = async () => {
      throw new UnauthorizedError('token_expired', 'Access token expired; refresh it');
    };
    const expired = await handler(fcEvent(), context());
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('maps bad input read by the endpoint to a 4xx', async () => {
    behaviour = async ({ req }) => json(200, readJson(req, z.strictObject({ name: z.string() })));
    const malformed = await handler(fcEvent({ body: '{"name"' }), context());
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed).error.code).toBe('malformed_json');
    const unknown = await handler(fcEvent({ body: '{"name":"a","x":1}' }), context());
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown).error.details).toEqual([{ field: 'x', issue: 'unknown field' }]);
    const ok = await handler(fcEvent({ body: '{"name":"a"}' }), context());
    expect(bodyOf(ok)).toEqual({ name: 'a' });
  });

  it('turns a plain Error from the endpoint into a 500 internal that leaks nothing', async () => {
    behaviour = async () => {
      throw new Error('relation "things" does not exist at 10.0.0.5');
    };
    const result = await handler(fcEvent(), context('req-500'));
    expect(result.statusCode).toBe(500);
    const body = errorOf(result);
    expect(body.error.code).toBe('internal');
    expect(body.requestId).toBe('req-500');
    expect(result.body).not.toContain('relation');
    expect(result.body).not.toContain('10.0.0.5');
  });

  it('answers an event that is not an HTTP event with 500 internal', async () => {
    const result = await handler(Buffer.from(JSON.stringify({ triggerName: 'timer', payload: '' })), context('req-timer'));
    expect(result.statusCode).toBe(500);
    expect(errorOf(result)).toMatchObject({ error: { code: 'internal' }, requestId: 'req-timer' });
    expect(calls).toHaveLength(0);
  });

  it('accepts the event as a string or an object too', async () => {
    const buffer = fcEvent({ path: '/v1/things/s-1' });
    expect((await handler(buffer.toString('utf8'), context())).statusCode).toBe(201);
    expect((await handler(JSON.parse(buffer.toString('utf8')) as object, context())).statusCode).toBe(201);
    expect(calls.map((c) => c.req.params.id)).toEqual(['s-1', 's-1']);
  });

  it('uses the x-fc-request-id header when the context has no request id', async () => {
    const result = await handler(fcEvent({ headers: { 'X-Fc-Request-Id': 'fc-header-id' } }), context(''));
    expect(result.headers['x-request-id']).toBe('fc-header-id');
    expect(calls[0]!.requestId).toBe('fc-header-id');
  });

  it('makes up a request id when there is none', async () => {
    behaviour = async () => {
      throw new AppError('not_found', 'Thing not found');
    };
    const result = await handler(fcEvent(), context(''));
    const id = result.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(errorOf(result).requestId).toBe(id);
  });

  it('returns a Buffer reply base64-encoded', async () => {
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    behaviour = async () => ({ status: 200, body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    const result = await handler(fcEvent(), context());
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, 'base64').equals(bytes)).toBe(true);
  });
});
