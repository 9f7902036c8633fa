import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacUnsubscribeTokens } from './unsubscribe-tokens.js';

describe('HmacUnsubscribeTokens', () => {
  const tokens = new HmacUnsubscribeTokens(randomBytes(32));

  it('verifies its own tokens and nothing else', () => {
    const token = tokens.sign('user-1');
    expect(tokens.verify(token)).toBe('user-1');
    expect(new HmacUnsubscribeTokens(randomBytes(32)).verify(token)).toBeUndefined();
    const [id, mac] = token.split('.');
    expect(tokens.verify(`${Buffer.from('user-2').toString('base64url')}.${mac}`)).toBeUndefined();
    expect(tokens.verify(`${id}.${mac}x`)).toBeUndefined();
    for (const bad of ['', 'x', '..', `${token}.x`, `${id}.`]) expect(tokens.verify(bad)).toBeUndefined();
  });

  it('refuses short keys', () => {
    expect(() => new HmacUnsubscribeTokens(randomBytes(8))).toThrow();
  });
});
