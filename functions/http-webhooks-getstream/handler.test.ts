import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { streamDelivery } from '../../test/support/call-webhooks.js';
import { call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as artcHandler } from '../http-webhooks-artc/handler.js';
import { handler } from './handler.js';

const account = { apiKey: 'hook-key', apiSecret: 'hook-secret-that-signs' };
const post = (headers: Record<string, string>, body: string | Buffer) => call(handler, { method: 'POST', path: '/v1/webhooks/getstream', headers, body });

// The function around the adapter (signatures and mapping: adapters/getstream/webhook*.test.ts; whole
// calls: test/calls-getstream.int.test.ts): statuses in the error shape, never a 5xx for bad input.
describe('POST /v1/webhooks/getstream', () => {
  useChat({
    env: { STREAM_API_KEY: account.apiKey, STREAM_API_SECRET: account.apiSecret, STREAM_BASE_URL: 'http://127.0.0.1:9', CALL_WEBHOOK_MAX_BODY_BYTES: '4096' },
  });
  const event = { type: 'call.missed', created_at: '2026-10-02T10:00:00Z', call_cid: 'default:nobody' };

  it('answers 204 for a signed event about no call of ours, 401 unsigned, 400 unreadable, 413 too large', async () => {
    const d = streamDelivery(event, account);
    expect(await post(d.headers, d.body)).toMatchObject({ status: 204, headers: { 'x-webhook-outcome': 'unknown_call' } });
    const unsigned = await post({ 'X-API-KEY': account.apiKey }, d.raw);
    expect(unsigned).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' }, requestId: expect.any(String) } });
    expect((await post({ ...d.headers, 'Content-Encoding': 'gzip' }, d.raw)).status).toBe(400);
    const bomb = gzipSync(JSON.stringify({ ...event, pad: 'x'.repeat(100_000) }));
    expect((await post({ ...d.headers, 'Content-Encoding': 'gzip' }, bomb)).status).toBe(413);
    // Every other route refuses GET with 405; so does this one.
    expect((await call(handler, { method: 'GET', path: '/v1/webhooks/getstream' })).status).toBe(405);
  });

  it('has no ARTC webhook where ARTC is not configured (404)', async () => {
    const res = await call(artcHandler, { method: 'POST', path: '/v1/webhooks/artc/anything-at-all', body: { MsgId: 'm' } });
    expect(res).toMatchObject({ status: 404, json: { error: { code: 'route_not_found' } } });
  });
});
