import { describe, expect, it } from 'vitest';
import { ApiError, parseRetryAfter } from './errors.js';
import { Http } from './http.js';
import { Session } from './session.js';
import { AuthDouble } from './test-support/auth-double.js';
import { LocalStorageTokenStore, MemoryTokenStore, type LocksLike, type StorageLike } from './tokens.js';

const BASE = 'http://api.test';

async function signedIn(server = new AuthDouble(), store = new MemoryTokenStore()) {
  const session = new Session(BASE, server.fetch, store);
  await session.signIn(server.tokens());
  return { server, session, http: new Http(BASE, server.fetch, session) };
}

describe('Http + Session', () => {
  it('sends the bearer token and parses JSON; 204 is undefined', async () => {
    const { http } = await signedIn();
    expect(await http.request('GET', '/v1/me', { auth: true, query: { a: 1, b: undefined } })).toEqual({ path: '/v1/me', auth: 'Bearer a0' });
    expect(await http.request('DELETE', '/v1/empty', { auth: true })).toBeUndefined();
  });

  it('refreshes once on token_expired and retries with the new token; the new refresh token replaces the old', async () => {
    const store = new MemoryTokenStore();
    const { server, http } = await signedIn(undefined, store);
    server.expireAccess();
    expect(await http.request('GET', '/v1/me', { auth: true })).toEqual({ path: '/v1/me', auth: 'Bearer a1' });
    expect(server.refreshes).toBe(1);
    expect(store.load()?.refreshToken).toBe('refresh-token-000001');
    expect(server.calls).toEqual(['GET /v1/me', 'POST /v1/auth/refresh', 'GET /v1/me']);
  });

  it('concurrent requests that hit the same expired token share one refresh (no rotation reuse)', async () => {
    const { server, http, session } = await signedIn();
    server.expireAccess();
    server.refreshDelayMs = 30;
    const replies = await Promise.all(Array.from({ length: 5 }, () => http.request<{ auth: string }>('GET', '/v1/me', { auth: true })));
    expect(replies.map((r) => r.auth)).toEqual(Array(5).fill('Bearer a1'));
    expect(server.refreshes).toBe(1);
    expect(server.revoked).toBe(false);
    // A late caller still holding the old token adopts the new one without refreshing again.
    expect((await session.refresh('a0')).accessToken).toBe('a1');
    expect(server.refreshes).toBe(1);
  });

  it('retries only once: a second token_expired is the caller’s error', async () => {
    const server = new AuthDouble();
    let n = 0;
    const fetcher = async (url: string, init?: RequestInit) => {
      n++;
      const res = await server.fetch(url, init);
      if (new URL(url).pathname === '/v1/auth/refresh') server.expireAccess(); // the new token is refused too
      return res;
    };
    const session = new Session(BASE, fetcher);
    await session.signIn(server.tokens());
    server.expireAccess();
    await expect(new Http(BASE, fetcher, session).request('GET', '/v1/me', { auth: true })).rejects.toMatchObject({ status: 401, code: 'token_expired' });
    expect(n).toBe(3);
    expect(server.refreshes).toBe(1);
  });

  it('a refused refresh signs out (event, store cleared); a network failure does not', async () => {
    const { server, http, session } = await signedIn();
    const events: string[] = [];
    session.events.on('signedOut', (e) => events.push(e.reason));
    server.expireAccess();
    server.revoked = true;
    await expect(http.request('GET', '/v1/me', { auth: true })).rejects.toMatchObject({ status: 401, code: 'session_revoked' });
    expect(events).toEqual(['session_revoked']);
    expect(await session.tokens()).toBeNull();
    await expect(http.request('GET', '/v1/me', { auth: true })).rejects.toMatchObject({ code: 'unauthorized' });

    const offline = new Session(BASE, () => Promise.reject(new TypeError('fetch failed')));
    await offline.signIn(server.tokens());
    await expect(offline.refresh()).rejects.toMatchObject({ status: 0, code: 'network_error', retryable: true });
    expect(await offline.tokens()).not.toBeNull();
  });

  it('errors carry status, code, details and Retry-After', async () => {
    const { http } = await signedIn();
    const error = await http.request('GET', '/v1/limited', { auth: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: 'slow down',
      details: [],
      retryAfterSeconds: 7,
      requestId: 'q1',
      retryable: true,
    });
    expect(parseRetryAfter(new Date(Date.now() + 5_000).toUTCString())).toBeGreaterThanOrEqual(4);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('a tab that waited on the cross-tab lock adopts the tokens another tab rotated instead of reusing the old refresh token', async () => {
    const server = new AuthDouble();
    const storage = new Map<string, string>();
    const localStorage: StorageLike = {
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
      removeItem: (k) => void storage.delete(k),
    };
    let chain = Promise.resolve();
    const locks: LocksLike = {
      request: <T>(_name: string, fn: () => Promise<T>) => {
        const run = chain.then(fn);
        chain = run.then(
          () => undefined,
          () => undefined,
        );
        return run;
      },
    };
    const tab1 = new Session(BASE, server.fetch, new LocalStorageTokenStore(localStorage, 'k', locks));
    await tab1.signIn(server.tokens());
    const tab2 = new Session(BASE, server.fetch, new LocalStorageTokenStore(localStorage, 'k', locks));
    expect((await tab2.tokens())?.accessToken).toBe('a0');
    server.expireAccess();
    const [t1, t2] = await Promise.all([tab1.refresh('a0'), tab2.refresh('a0')]);
    expect(server.refreshes).toBe(1);
    expect(server.revoked).toBe(false);
    expect(t1.refreshToken).toBe(t2.refreshToken);
  });
});
