import { beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../test/support/deps.js';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { call } from '../../test/support/fc-http.js';
import { keyValue } from '@chat/core/wiring/key-value';
import { handler } from './handler.js';

describe('GET /v1/health', () => {
  let deps: Deps;
  beforeAll(async () => {
    deps = await useEmbeddedDeps();
  });

  it('reports each dependency as ready', async () => {
    const res = await call(handler, { method: 'GET', path: '/v1/health' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', checks: { database: { ok: true }, cache: { ok: true } } });
  });

  it('answers 503 naming the dependency that is down', async () => {
    await deps.kv.close();
    // Any slice can be overridden: here the cache, with one that refuses every call.
    deps.wiring.provide(keyValue, { ...deps.kv, get: () => Promise.reject(new Error('connection refused')) });
    const res = await call(handler, { method: 'GET', path: '/v1/health' });
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ status: 'degraded', checks: { database: { ok: true }, cache: { ok: false, error: 'connection refused' } } });
  });
});
