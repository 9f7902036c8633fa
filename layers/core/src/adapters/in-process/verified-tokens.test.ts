import { describe, expect, it } from 'vitest';
import { JoseAccessTokens } from '../jose/access-tokens.js';
import { generateSigningKey } from '../jose/signing-keys.js';
import { MemoryKeyValueStore } from '../memory/key-value.js';
import type { AccessTokens } from '../../ports/access-tokens.js';
import { VerifiedTokens } from './verified-tokens.js';

async function setup(ttlSeconds = 60) {
  const real = await JoseAccessTokens.create([await generateSigningKey()], { issuer: 'test', ttlSeconds });
  let verifications = 0;
  const tokens: AccessTokens = Object.assign(Object.create(real) as AccessTokens, {
    verify: (token: string) => (verifications++, real.verify(token)),
  });
  return { real, deps: { tokens, kv: new MemoryKeyValueStore() }, verifications: () => verifications };
}

describe('VerifiedTokens', () => {
  it('checks a signature once per token, and the revocation mark again once it is a second old', async () => {
    const { real, deps, verifications } = await setup();
    const { token } = await real.issue({ userId: 'u1', sessionId: 's1' });
    let now = Date.now();
    const cache = new VerifiedTokens(10, () => now);
    expect((await cache.verify(deps, token)).userId).toBe('u1');
    expect((await cache.verify(deps, token)).userId).toBe('u1');
    expect(verifications()).toBe(1);
    await deps.kv.set('session-revoked:s1', '1', { ttlMs: 60_000 });
    now += 999;
    expect((await cache.verify(deps, token)).userId).toBe('u1');
    now += 1;
    await expect(cache.verify(deps, token)).rejects.toMatchObject({ code: 'session_revoked' });
    await expect(cache.verify(deps, token)).rejects.toMatchObject({ code: 'session_revoked' });
  });

  it('never caches a token that failed, and checks one past its expiry again', async () => {
    const { real, deps, verifications } = await setup();
    const { token } = await real.issue({ userId: 'u1', sessionId: 's1' });
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    let now = Date.now();
    const cache = new VerifiedTokens(10, () => now);
    await expect(cache.verify(deps, forged)).rejects.toBeDefined();
    await expect(cache.verify(deps, forged)).rejects.toBeDefined();
    expect(verifications()).toBe(2);
    await cache.verify(deps, token);
    now += 61_000;
    await cache.verify(deps, token).catch(() => undefined);
    expect(verifications()).toBe(4);
  });

  it('takes claims verified elsewhere in the process once it is in use, and keeps none before', async () => {
    const { real, deps, verifications } = await setup();
    const [a, b] = [await real.issue({ userId: 'u1', sessionId: 's1' }), await real.issue({ userId: 'u2', sessionId: 's2' })];
    const cache = new VerifiedTokens();
    cache.remember(a.token, await real.verify(a.token));
    await cache.verify(deps, a.token);
    expect(verifications()).toBe(1);
    cache.remember(b.token, await real.verify(b.token));
    expect((await cache.verify(deps, b.token)).userId).toBe('u2');
    expect(verifications()).toBe(1);
  });
});
