import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { streamDelivery, streamSignature } from '../../../../../test/support/call-webhooks.js';
import { verifyStreamWebhook } from './webhook.js';

const account = { apiKey: 'key-123', apiSecret: 'secret-that-signs-the-webhooks' };
const event = { type: 'call.session_started', created_at: '2026-10-02T10:00:01.000Z', call_cid: 'default:c1', session_id: 's1' };
const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
const verify = (headers: Record<string, string>, body: string | Buffer, max = 64 * 1024) =>
  verifyStreamWebhook({ headers: lower(headers), body: Buffer.from(body) }, account, max);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'passed';
};

describe('verifyStreamWebhook', () => {
  it('accepts what Stream signs, plain or gzipped, and keys retries by id and body', () => {
    const d = streamDelivery(event, account, { webhookId: 'wh-1' });
    const ok = verify(d.headers, d.body);
    expect(ok.event).toEqual(event);
    const zipped = streamDelivery(event, account, { webhookId: 'wh-1', gzip: true });
    expect(verify(zipped.headers, zipped.body)).toEqual(ok);
    // The SDK also gunzips on the magic bytes alone; so do we.
    const { 'Content-Encoding': _, ...noHeader } = zipped.headers;
    expect(verify(noHeader, zipped.body).dedupeKey).toBe(ok.dedupeKey);
    expect(verify({ ...d.headers, 'X-WEBHOOK-ATTEMPT': '3' }, d.body).dedupeKey).toBe(ok.dedupeKey);
    expect(verify({ ...d.headers, 'X-WEBHOOK-ID': 'wh-2' }, d.body).dedupeKey).not.toBe(ok.dedupeKey);
    const other = streamDelivery({ ...event, session_id: 's2' }, account, { webhookId: 'wh-1' });
    expect(verify(other.headers, other.body).dedupeKey).not.toBe(ok.dedupeKey);
  });

  it('refuses a tampered body, a wrong or missing signature, another app or secret (401)', () => {
    const d = streamDelivery(event, account);
    expect(code(() => verify(d.headers, d.raw.replace('s1', 's9')))).toBe('unauthorized');
    expect(code(() => verify({ ...d.headers, 'X-SIGNATURE': d.headers['X-SIGNATURE']!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }, d.body))).toBe(
      'unauthorized',
    );
    expect(code(() => verify({ ...d.headers, 'X-SIGNATURE': d.headers['X-SIGNATURE']!.slice(0, 10) }, d.body))).toBe('unauthorized');
    const { 'X-SIGNATURE': _, ...unsigned } = d.headers;
    expect(code(() => verify(unsigned, d.body))).toBe('unauthorized');
    expect(code(() => verify({ ...d.headers, 'X-API-KEY': 'other-key' }, d.body))).toBe('unauthorized');
    // Signed with the API key instead of the secret: the classic mistake (calls-notes §D).
    expect(code(() => verify({ ...d.headers, 'X-SIGNATURE': streamSignature(d.raw, account.apiKey) }, d.body))).toBe('unauthorized');
    // The signature covers the uncompressed bytes, not the gzip stream.
    const zipped = gzipSync(d.raw);
    expect(code(() => verify({ ...d.headers, 'Content-Encoding': 'gzip', 'X-SIGNATURE': streamSignature(zipped, account.apiSecret) }, zipped))).toBe(
      'unauthorized',
    );
  });

  it('answers 400 for signed bodies that are not an event, and 413 past the limit, compressed or not', () => {
    const sign = (raw: string) => ({ 'X-API-KEY': account.apiKey, 'X-SIGNATURE': streamSignature(raw, account.apiSecret) });
    for (const raw of ['not json', '[1,2]', '"text"', '{"no":"type"}', '{"type":7}'])
      expect(
        code(() => verify(sign(raw), raw)),
        raw,
      ).toBe('malformed_json');
    expect(code(() => verify({ ...sign('x'), 'Content-Encoding': 'gzip' }, 'x'))).toBe('malformed_json');
    const big = JSON.stringify({ ...event, pad: 'x'.repeat(5000) });
    expect(code(() => verify(sign(big), big, 1000))).toBe('payload_too_large');
    // A gzip bomb: tiny on the wire, far past the limit once expanded.
    const bomb = gzipSync(JSON.stringify({ ...event, pad: '0'.repeat(1_000_000) }));
    expect(bomb.length).toBeLessThan(2000);
    expect(code(() => verify({ ...sign('irrelevant'), 'Content-Encoding': 'gzip' }, bomb, 10_000))).toBe('payload_too_large');
  });
});
