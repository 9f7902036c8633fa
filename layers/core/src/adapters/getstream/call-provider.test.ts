import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { startStreamDouble, type StreamDouble } from '../../../../../test/support/stream-double.js';
import { describeCallProviderContract, type CallProviderFixture } from '../../ports/call-provider.contract.js';
import { GetStreamCallProvider } from './call-provider.js';

const providerFor = (d: StreamDouble, over: Partial<{ apiKey: string; apiSecret: string }> = {}) =>
  new GetStreamCallProvider({ apiKey: d.apiKey, apiSecret: d.apiSecret, baseUrl: d.baseUrl, timeoutMs: 2_000, ...over });

const contractFixture = async (refuseRepeats: boolean): Promise<CallProviderFixture> => {
  const double = await startStreamDouble({ refuseRepeats });
  return {
    provider: providerFor(double),
    simulateJoin: (id, userId) => double.simulateJoin(id, userId),
    simulateLeave: (id, userId) => double.simulateLeave(id, userId),
    close: () => double.close(),
  };
};
describeCallProviderContract('getstream (@stream-io/node-sdk) against the Stream double', () => contractFixture(false));
// How Stream answers a repeated end or a kick of someone absent is undocumented: also pass when it refuses them.
describeCallProviderContract('getstream against a Stream double that refuses repeated ends and kicks', () => contractFixture(true));

describe('GetStreamCallProvider specifics', () => {
  let double: StreamDouble;
  let provider: GetStreamCallProvider;
  beforeAll(async () => {
    double = await startStreamDouble({ apiKey: 'key-123', apiSecret: 'a-secret-of-some-length' });
    provider = providerFor(double);
  });
  afterAll(async () => double?.close());

  const since = (n: number) => double.requests.slice(n);

  it('upserts the users, then creates a `default` call with our ids as members, ringing off and video off for audio', async () => {
    const id = randomUUID();
    const n = double.requests.length;
    await provider.createRoom({ providerCallId: id, kind: 'audio', createdBy: 'u-alice', memberIds: ['u-alice', 'u-bob'] });
    const [upsert, create] = since(n);
    expect(upsert).toMatchObject({ method: 'POST', path: '/api/v2/users', body: { users: { 'u-alice': { id: 'u-alice' }, 'u-bob': { id: 'u-bob' } } } });
    expect(create).toMatchObject({ method: 'POST', path: `/api/v2/video/call/default/${id}` });
    expect(create!.body).toEqual({
      ring: false,
      notify: false,
      video: false,
      data: {
        created_by_id: 'u-alice',
        members: [{ user_id: 'u-alice' }, { user_id: 'u-bob' }],
        video: false,
        settings_override: { video: { enabled: false, camera_default_on: false } },
      },
    });
    expect(double.call(id).members).toEqual(['u-alice', 'u-bob']);
  });

  it('leaves video settings to the call type for video calls, and adds the creator as a member', async () => {
    const id = randomUUID();
    await provider.createRoom({ providerCallId: id, kind: 'video', createdBy: 'u-alice', memberIds: ['u-bob', 'u-carol'] });
    const body = double.call(id).createBodies[0] as { video: boolean; ring: boolean; data: Record<string, unknown> };
    expect(body).toMatchObject({ video: true, ring: false, data: { video: true } });
    expect(body.data.settings_override).toBeUndefined();
    expect(double.call(id).members).toEqual(['u-alice', 'u-bob', 'u-carol']);
  });

  it('sends every request with api_key and a server JWT signed with the secret, as the SDK does', async () => {
    const n = double.requests.length;
    const id = randomUUID();
    await provider.createRoom({ providerCallId: id, kind: 'audio', createdBy: 'u-alice', memberIds: ['u-bob'] });
    await provider.removeParticipant(id, 'u-bob');
    await provider.report(id);
    await provider.end(id);
    const seen = since(n);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v2/users',
      `POST /api/v2/video/call/default/${id}`,
      `POST /api/v2/video/call/default/${id}/kick`,
      `GET /api/v2/video/call/default/${id}`,
      `POST /api/v2/video/call/default/${id}/mark_ended`,
    ]);
    expect(seen[2]!.body).toEqual({ user_id: 'u-bob', block: true });
    for (const r of seen) {
      expect(r.query.get('api_key')).toBe('key-123');
      expect(r.headers['stream-auth-type']).toBe('jwt');
      expect(r.headers['x-stream-client']).toBe('stream-node-0.7.64');
      const { payload } = await jwtVerify(r.headers.authorization!, new TextEncoder().encode('a-secret-of-some-length'));
      expect(payload).toEqual({ server: true });
    }
    expect(double.call(id).blocked.has('u-bob')).toBe(true);
  });

  it('gives a call token: an HS256 JWT for that user and call, expiring after ttlSeconds', async () => {
    const id = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const c = await provider.credentials({ providerCallId: id, userId: 'u-bob', ttlSeconds: 300 });
    expect(c).toMatchObject({ provider: 'getstream', apiKey: 'key-123', userId: 'u-bob', callType: 'default', callId: id });
    expect(decodeProtectedHeader(c.token).alg).toBe('HS256');
    const { payload } = await jwtVerify(c.token, new TextEncoder().encode('a-secret-of-some-length'));
    expect(payload).toMatchObject({ user_id: 'u-bob', call_cids: [`default:${id}`] });
    expect(payload.exp).toBeGreaterThanOrEqual(now + 299);
    expect(payload.exp).toBeLessThanOrEqual(now + 301);
    expect(payload.iat).toBeLessThanOrEqual(now);
    expect(c.expiresAt).toBe(new Date(payload.exp! * 1000).toISOString());
  });

  it('is refused by Stream with a wrong key or secret, and says so (not swallowed as idempotent)', async () => {
    const wrongSecret = providerFor(double, { apiSecret: 'not-the-secret' });
    await expect(wrongSecret.createRoom({ providerCallId: randomUUID(), kind: 'audio', createdBy: 'a', memberIds: ['b'] })).rejects.toMatchObject({
      code: 5,
      metadata: { responseCode: 401 },
    });
    await expect(wrongSecret.end(randomUUID())).rejects.toMatchObject({ metadata: { responseCode: 401 } });
    const wrongKey = providerFor(double, { apiKey: 'other-key' });
    await expect(wrongKey.report(randomUUID())).rejects.toMatchObject({ code: 2, metadata: { responseCode: 401 } });
  });

  it('falls back to block when kick is refused, and reads the call back when a repeat end is refused', async () => {
    const strict = await startStreamDouble({ refuseRepeats: true });
    try {
      const p = providerFor(strict);
      const id = randomUUID();
      await p.createRoom({ providerCallId: id, kind: 'audio', createdBy: 'a', memberIds: ['b'] });
      const n = strict.requests.length;
      await p.removeParticipant(id, 'b');
      await p.end(id);
      await p.end(id);
      expect(strict.requests.slice(n).map((r) => r.path.split('/').slice(-1)[0])).toEqual(['kick', 'block', 'mark_ended', 'mark_ended', id]);
      expect(strict.call(id).blocked).toEqual(new Set(['b']));
    } finally {
      await strict.close();
    }
  });

  it('surfaces other Stream errors from end and report', async () => {
    const broken = new GetStreamCallProvider({ apiKey: 'k', apiSecret: 's', baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 });
    await expect(broken.end(randomUUID())).rejects.toThrow(/request failed|timeout/);
    await expect(broken.report(randomUUID())).rejects.toThrow();
  });
});
