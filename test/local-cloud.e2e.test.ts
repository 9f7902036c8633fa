import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { requireServiceUrl } from './harness-env.js';
import { startLocalCloud, type RunningCloud } from './support/local-cloud.js';

async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

/** The newcomer's walk-through from the README, against a real `npm start` process. */
function describeAuthWalkthrough(mode: string, env: () => Record<string, string>) {
  describe(`local cloud (${mode})`, () => {
    let cloud: RunningCloud;
    const suffix = Date.now().toString(36);
    beforeAll(async () => {
      cloud = await startLocalCloud(env());
    }, 90_000);
    afterAll(async () => {
      if (cloud && cloud.process.exitCode === null) await cloud.stop();
    });

    it('prints its URLs when ready', () => {
      expect(cloud.output()).toContain(`${cloud.url}/v1`);
    });

    it('registers, logs in, refreshes, detects reuse, guards /v1/me, rejects bad input and rate-limits', async () => {
      const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => api(cloud.url, method, path, body, headers);
      const ann = await call('POST', '/v1/auth/register', { username: `ann_${suffix}`, email: `ann_${suffix}@example.com`, password: 'correct horse battery' });
      expect(ann.status).toBe(201);
      const ben = await call('POST', '/v1/auth/register', {
        username: `ben_${suffix}`,
        email: `ben_${suffix}@example.com`,
        password: 'another fine passphrase',
      });
      expect(ben.status).toBe(201);

      const login = await call('POST', '/v1/auth/login', { login: `ann_${suffix}`, password: 'correct horse battery' });
      expect(login.status).toBe(200);
      const first = login.json.tokens.refreshToken as string;

      const refreshed = await call('POST', '/v1/auth/refresh', { refreshToken: first });
      expect(refreshed.status).toBe(200);
      const reused = await call('POST', '/v1/auth/refresh', { refreshToken: first });
      expect(reused.status).toBe(401);
      expect(reused.json.error.code).toBe('session_revoked');
      expect((await call('POST', '/v1/auth/refresh', { refreshToken: refreshed.json.tokens.refreshToken })).status).toBe(401);

      const meWithout = await call('GET', '/v1/me');
      expect(meWithout.status).toBe(401);
      const meWith = await call('GET', '/v1/me', undefined, { authorization: `Bearer ${ben.json.tokens.accessToken}` });
      expect(meWith.status).toBe(200);
      expect(meWith.json.user.username).toBe(`ben_${suffix}`);

      const malformed = await call('POST', '/v1/auth/login', '{"login": "ann",');
      expect(malformed.status).toBe(400);
      expect(malformed.json).toMatchObject({
        error: { code: 'malformed_json', message: expect.any(String), details: expect.any(Array) },
        requestId: expect.any(String),
      });

      const duplicate = await call('POST', '/v1/auth/register', {
        username: `ANN_${suffix}`,
        email: `other_${suffix}@example.com`,
        password: 'correct horse battery',
      });
      expect(duplicate.status).toBe(409);

      const attempts: number[] = [];
      for (let i = 0; i < 6; i++) attempts.push((await call('POST', '/v1/auth/login', { login: `ben_${suffix}`, password: 'wrong password!' })).status);
      expect(attempts).toEqual([401, 401, 401, 401, 401, 429]);
      const limited = await call('POST', '/v1/auth/login', { login: `ben_${suffix}`, password: 'wrong password!' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('answers unknown routes and wrong methods in the error shape', async () => {
      const missing = await api(cloud.url, 'GET', '/v1/nope');
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe('route_not_found');
      const wrong = await api(cloud.url, 'DELETE', '/v1/auth/login');
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
    });

    it('lets its own origin through CORS and the WebSocket upgrade, and no other', async () => {
      const own = `http://localhost:${cloud.port}`;
      const preflight = await api(cloud.url, 'OPTIONS', '/v1/me', undefined, { origin: own, 'access-control-request-method': 'PATCH' });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(own);
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, PATCH');
      const foreign = await api(cloud.url, 'OPTIONS', '/v1/me', undefined, { origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.json.error.code).toBe('origin_not_allowed');
      const missing = await api(cloud.url, 'GET', '/v1/nope', undefined, { origin: own });
      expect(missing.headers.get('access-control-allow-origin')).toBe(own);
      const upgrade = (origin: string) =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${cloud.port}/ws`, ['chat.v1'], { origin });
          ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          ws.once('open', () => {
            ws.close();
            resolve(101);
          });
        });
      expect(await upgrade(own)).toBe(101);
      expect(await upgrade('https://evil.example')).toBe(403);
    });

    it('refuses a JSON body that is not UTF-8 instead of storing U+FFFD', async () => {
      const body = Buffer.concat([Buffer.from('{"login":"'), Buffer.from([0xff]), Buffer.from('","password":"whatever it is"}')]);
      const res = await fetch(`${cloud.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
    });

    it('answers headers too large for it in the error shape (431)', async () => {
      const res = await fetch(`${cloud.url}/v1/health`, { headers: { 'x-padding': 'p'.repeat(20_000) } });
      expect(res.status).toBe(431);
      expect(await res.json()).toMatchObject({ error: { code: 'headers_too_large' }, requestId: expect.any(String) });
      expect(res.headers.get('x-request-id')).toEqual(expect.any(String));
    });

    it('stops cleanly on SIGTERM', async () => {
      expect(await cloud.stop()).toBe(0);
    });
  });
}

describeAuthWalkthrough('embedded defaults: PGlite and memory', () => ({}));
describeAuthWalkthrough('real PostgreSQL and Redis', () => ({ DATABASE_URL: requireServiceUrl('DATABASE_URL'), REDIS_URL: requireServiceUrl('REDIS_URL') }));
