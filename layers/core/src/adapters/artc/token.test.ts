import { describe, expect, it } from 'vitest';
import { ARTC_ID, artcJoinToken, artcToken } from './token.js';

// Alibaba's published example (calls-notes §B4, "generate ARTC authentication token").
const VECTOR = { appId: 'abc', appKey: 'abckey', channelId: 'abcChannel', userId: 'abcUser', nonce: '', timestamp: 1699423634 };
const VECTOR_TOKEN = '3c9ee8d9f8734f0b7560ed8022a0590659113955819724fc9345ab8eedf84f31';

describe('ARTC token', () => {
  it('reproduces the official test vector', () => {
    expect(artcToken(VECTOR)).toBe(VECTOR_TOKEN);
  });

  it('treats an omitted nonce as the empty one', () => {
    const { nonce: _nonce, ...withoutNonce } = VECTOR;
    expect(artcToken(withoutNonce)).toBe(VECTOR_TOKEN);
  });

  it('covers every input, the nonce included', () => {
    expect(artcToken({ ...VECTOR, nonce: 'n' })).not.toBe(VECTOR_TOKEN);
    expect(artcToken({ ...VECTOR, timestamp: VECTOR.timestamp + 1 })).not.toBe(VECTOR_TOKEN);
  });

  it('packs the single-parameter form as base64 JSON with the keys the web SDK reads, and no AppKey', () => {
    const joinToken = artcJoinToken(VECTOR);
    const decoded = JSON.parse(Buffer.from(joinToken, 'base64').toString('utf8')) as Record<string, unknown>;
    expect(decoded).toEqual({ appid: 'abc', channelid: 'abcChannel', userid: 'abcUser', nonce: '', timestamp: 1699423634, token: VECTOR_TOKEN });
    // the browser decodes with atob, so it must be plain (not URL-safe) base64
    expect(JSON.parse(atob(joinToken))).toEqual(decoded);
    expect(Buffer.from(joinToken, 'base64').toString('utf8')).not.toContain('abckey');
  });

  it('accepts the ids ARTC takes and refuses others', () => {
    expect(ARTC_ID.test('c_01HX-abc')).toBe(true);
    expect(ARTC_ID.test('a'.repeat(65))).toBe(false);
    expect(ARTC_ID.test('has space')).toBe(false);
  });
});
