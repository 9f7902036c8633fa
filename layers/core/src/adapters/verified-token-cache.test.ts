import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../domain/errors.js';
import type { AccessClaims } from '../ports/access-tokens.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** A verifier that accepts `good-*` tokens until minute 10 and counts its checks. */
function counting() {
  const checks: string[] = [];
  return {
    checks,
    issue: async () => ({ token: 'unused', expiresIn: 0 }),
    jwks: () => ({ keys: [] }),
    verify: async (token: string): Promise<AccessClaims> => {
      checks.push(token);
      if (!token.startsWith('good')) throw new UnauthorizedError('invalid_token', 'bad signature');
      return { userId: token, sessionId: `s-${token}`, expiresAt: new Date(10 * 60_000) };
    },
  };
}

describe('VerifiedTokenCache', () => {
  it('checks a token once until it expires, then again (and refuses it as the verifier does)', async () => {
    const inner = counting();
    let now = 0;
    const cache = new VerifiedTokenCache(inner, () => now);
    expect(await cache.verify('good-a')).toMatchObject({ userId: 'good-a' });
    expect(await cache.verify('good-a')).toMatchObject({ userId: 'good-a' });
    expect(inner.checks).toEqual(['good-a']);
    now = 10 * 60_000;
    await cache.verify('good-a');
    expect(inner.checks).toEqual(['good-a', 'good-a']);
  });

  it('never remembers a refused token, and forgets the oldest past its size', async () => {
    const inner = counting();
    const cache = new VerifiedTokenCache(inner, () => 0, 2);
    await expect(cache.verify('bad')).rejects.toThrow('bad signature');
    await expect(cache.verify('bad')).rejects.toThrow('bad signature');
    await cache.verify('good-1');
    await cache.verify('good-2');
    await cache.verify('good-3');
    await cache.verify('good-3');
    await cache.verify('good-1');
    expect(inner.checks).toEqual(['bad', 'bad', 'good-1', 'good-2', 'good-3', 'good-1']);
  });
});
