import { describe, expect, it } from 'vitest';
import { RemoteJwks } from './jwks.js';

function fakeIssuer(sets: string[][]) {
  let calls = 0;
  const fetchFn = (async () => {
    const kids = sets[Math.min(calls, sets.length - 1)]!;
    calls++;
    return new Response(JSON.stringify({ keys: kids.map((kid) => ({ kid, kty: 'EC' })) }), { status: 200 });
  }) as typeof fetch;
  return { fetchFn, calls: () => calls };
}

describe('RemoteJwks', () => {
  it('caches, and refetches for an unknown kid at most once per interval', async () => {
    let now = 0;
    const issuer = fakeIssuer([['k1'], ['k1', 'k2']]);
    const jwks = new RemoteJwks('http://issuer.test/jwks', { fetch: issuer.fetchFn, now: () => now, minRefetchMs: 60_000 });
    expect((await jwks.current('k1')).keys.map((k) => k.kid)).toEqual(['k1']);
    expect((await jwks.current('k1')).keys).toHaveLength(1);
    expect(issuer.calls()).toBe(1);
    now = 30_000;
    await jwks.current('k2');
    expect(issuer.calls()).toBe(1);
    now = 61_000;
    expect((await jwks.current('k2')).keys.map((k) => k.kid)).toEqual(['k1', 'k2']);
    expect(issuer.calls()).toBe(2);
    await Promise.all([jwks.current('forged'), jwks.current('forged')]);
    expect(issuer.calls()).toBe(2);
  });

  it('keeps the cached keys when a refetch fails, and fails when it has none', async () => {
    let now = 0;
    let up = true;
    const fetchFn = (async () => (up ? new Response(JSON.stringify({ keys: [{ kid: 'k1' }] })) : new Response('down', { status: 502 }))) as typeof fetch;
    const jwks = new RemoteJwks('http://issuer.test/jwks', { fetch: fetchFn, now: () => now, maxAgeMs: 1_000 });
    await jwks.current(undefined);
    up = false;
    now = 5_000;
    expect((await jwks.current('k1')).keys).toHaveLength(1);
    const cold = new RemoteJwks('http://issuer.test/jwks', { fetch: fetchFn });
    await expect(cold.current('k1')).rejects.toThrow(/502/);
  });
});
