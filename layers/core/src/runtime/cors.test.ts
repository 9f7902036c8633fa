process.env.LOG_LEVEL = 'silent';

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps, provideDeps, type Deps } from '../../../../test/support/deps.js';
import { MemoryKeyValueStore } from '../adapters/memory/key-value.js';
import { generateSigningKey } from '../adapters/jose/signing-keys.js';
import { openTestPglite } from '../../../../test/support/pglite.js';
import { ConfigError, loadConfig } from '../config/env.js';
import type { FcHttpEvent, FcHttpResult } from './fc-types.js';
import { httpFunction } from './http-function.js';
import { json } from './http-response.js';

const template = JSON.parse(readFileSync(new URL('./fixtures/fc3-http-event.json', import.meta.url), 'utf8')) as FcHttpEvent;
const APP = 'https://app.example.com';

function fcEvent(method: string, headers: Record<string, string>): Buffer {
  const path = '/v1/me';
  const event: FcHttpEvent = {
    ...template,
    rawPath: path,
    headers,
    queryParameters: {},
    body: '',
    isBase64Encoded: false,
    requestContext: { ...template.requestContext, http: { ...template.requestContext.http, method, path } },
  };
  return Buffer.from(JSON.stringify(event));
}

// A route on a registry path that two functions share (GET and PATCH /v1/me).
const handler = httpFunction({ method: 'GET', path: '/v1/me', summary: 'test', auth: 'none', responses: {} } as const, async () => json(200, { ok: true }));
const ctx = { requestId: 'req-cors', function: { name: 'me', handler: 'index.handler', memory: 512, timeout: 15 }, region: 'local', accountId: 'local' };
const errorCode = (r: FcHttpResult) => (JSON.parse(r.body) as { error: { code: string } }).error.code;

let deps: Deps;
beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', CORS_ALLOWED_ORIGINS: `${APP}, http://localhost:5173` }, { devSigningKeys: [await generateSigningKey()] });
  deps = await createDeps(config, { sql: await openTestPglite(), kv: new MemoryKeyValueStore() });
  provideDeps(deps);
}, 120_000);
afterAll(() => deps?.close());

describe('CORS on every HTTP function', () => {
  it('answers a preflight from an allowed origin with the methods of every function on the path', async () => {
    const r = await handler(fcEvent('OPTIONS', { Origin: APP, 'Access-Control-Request-Method': 'PATCH' }), ctx);
    expect(r.statusCode).toBe(204);
    expect(r.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET, PATCH',
      'access-control-allow-headers': 'authorization, content-type, x-request-id',
      'access-control-max-age': '600',
      'x-content-type-options': 'nosniff',
    });
    expect(r.headers.vary).toContain('origin');
  });

  it('refuses a preflight from another origin, or with none, in the error shape', async () => {
    const cases: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { Origin: `${APP}.evil.example` }, {}];
    for (const headers of cases) {
      const r = await handler(fcEvent('OPTIONS', headers), ctx);
      expect(r.statusCode).toBe(403);
      expect(errorCode(r)).toBe('origin_not_allowed');
      expect(r.headers).not.toHaveProperty('access-control-allow-origin');
      expect(r.headers['x-request-id']).toBe('req-cors');
    }
  });

  it('echoes an allowed origin on normal responses and errors, never `*`, and varies on Origin', async () => {
    const ok = await handler(fcEvent('GET', { Origin: 'http://localhost:5173' }), ctx);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers).toMatchObject({ 'access-control-allow-origin': 'http://localhost:5173', vary: 'origin' });
    expect(ok.headers['access-control-expose-headers']).toContain('retry-after');
    const wrongMethod = await handler(fcEvent('DELETE', { Origin: APP }), ctx);
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers).toMatchObject({ 'access-control-allow-origin': APP, allow: 'GET, PATCH, OPTIONS' });
    const stranger = await handler(fcEvent('GET', { Origin: 'https://evil.example' }), ctx);
    expect(stranger.statusCode).toBe(200);
    expect(stranger.headers).not.toHaveProperty('access-control-allow-origin');
    expect(stranger.headers.vary).toBe('origin');
  });
});

describe('CORS_ALLOWED_ORIGINS', () => {
  let keys: { devSigningKeys: Awaited<ReturnType<typeof generateSigningKey>>[] };
  beforeAll(async () => {
    keys = { devSigningKeys: [await generateSigningKey()] };
  });
  it('is empty unless set, and takes a comma-separated list of origins', () => {
    expect(loadConfig({ NODE_ENV: 'test' }, keys).http.corsAllowedOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'test', CORS_ALLOWED_ORIGINS: ' https://a.example ,http://127.0.0.1:8080,' }, keys).http.corsAllowedOrigins).toEqual([
      'https://a.example',
      'http://127.0.0.1:8080',
    ]);
  });

  it('rejects entries that are not bare origins, naming the variable', () => {
    for (const bad of ['*', 'app.example.com', 'https://app.example.com/', 'https://app.example.com/path']) {
      expect(() => loadConfig({ NODE_ENV: 'test', CORS_ALLOWED_ORIGINS: bad }, keys), bad).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'test', CORS_ALLOWED_ORIGINS: bad }, keys), bad).toThrow(/CORS_ALLOWED_ORIGINS/);
    }
  });
});
