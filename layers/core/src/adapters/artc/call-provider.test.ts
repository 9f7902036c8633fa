import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startArtcDouble } from '../../../../../test/support/artc-double.js';
import { describeCallProviderContract } from '../../ports/call-provider.contract.js';
import type { AppError } from '../../domain/errors.js';
import { ArtcCallProvider, type ArtcCallProviderOptions } from './call-provider.js';
import { artcJoinToken, artcToken } from './token.js';

const APP = { appId: 'artc-app-1', appKey: 'artc-app-key-secret' };
const KEY = { accessKeyId: 'LTAI5tArtcKeyId', accessKeySecret: 'artc-access-secret' };

describeCallProviderContract('ARTC (against a local live API double)', async () => {
  const artc = await startArtcDouble({ appId: APP.appId, secrets: { [KEY.accessKeyId]: KEY.accessKeySecret } });
  return { provider: new ArtcCallProvider({ ...APP, ...KEY, endpoint: artc.endpoint }), simulateJoin: artc.simulateJoin, close: artc.close };
});

const artc = await startArtcDouble({ appId: APP.appId, secrets: { [KEY.accessKeyId]: KEY.accessKeySecret, STS_KEY: 'sts-secret' } });
afterAll(() => artc.close());
beforeEach(() => {
  artc.calls.length = 0;
  artc.refused.length = 0;
});
const provider = (options: Partial<ArtcCallProviderOptions> = {}) => new ArtcCallProvider({ ...APP, ...KEY, endpoint: artc.endpoint, ...options });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('expected a failure'),
    (error: unknown) => error as AppError,
  );

describe('ArtcCallProvider', () => {
  it('signs a token by the ARTC algorithm with the expiry ttlSeconds ahead, and its single-parameter form', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const credentials = await provider({ now: () => now }).credentials({ providerCallId: 'call_1', userId: 'u_alice', ttlSeconds: 3600 });
    const timestamp = now.getTime() / 1000 + 3600;
    const input = { ...APP, channelId: 'call_1', userId: 'u_alice', nonce: '', timestamp };
    expect(credentials).toEqual({
      provider: 'artc',
      appId: APP.appId,
      channelId: 'call_1',
      userId: 'u_alice',
      timestamp,
      nonce: '',
      token: artcToken(input),
      joinToken: artcJoinToken(input),
    });
    expect(JSON.stringify(credentials)).not.toContain(APP.appKey);
    expect(artc.calls).toEqual([]); // tokens are local: no API call
  });

  it('caps the expiry at the 24 h ARTC allows', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const credentials = await provider({ now: () => now }).credentials({ providerCallId: 'call_1', userId: 'u_alice', ttlSeconds: 3 * 86_400 });
    expect(credentials.provider === 'artc' && credentials.timestamp).toBe(now.getTime() / 1000 + 86_400);
  });

  it('sends exactly DeleteChannel, RemoveTerminals and DescribeChannelUsers with their parameters', async () => {
    artc.simulateJoin('call_wire', 'u_alice');
    artc.simulateJoin('call_wire', 'u_bob');
    const p = provider();
    await p.createRoom({ providerCallId: 'call_wire', kind: 'video', createdBy: 'u_alice', memberIds: ['u_alice', 'u_bob'] });
    await p.removeParticipant('call_wire', 'u_bob');
    expect(await p.report('call_wire')).toEqual({ live: true, participants: ['u_alice'] });
    await p.end('call_wire');
    const signer = KEY.accessKeyId;
    expect(artc.calls).toEqual([
      { action: 'RemoveTerminals', params: { AppId: APP.appId, ChannelId: 'call_wire', 'TerminalIds.1': 'u_bob' }, accessKeyId: signer },
      { action: 'DescribeChannelUsers', params: { AppId: APP.appId, ChannelId: 'call_wire' }, accessKeyId: signer },
      { action: 'DeleteChannel', params: { AppId: APP.appId, ChannelId: 'call_wire' }, accessKeyId: signer },
    ]);
    expect(artc.refused).toEqual([]);
  });

  it('signs with STS credentials too', async () => {
    await provider({ accessKeyId: 'STS_KEY', accessKeySecret: 'sts-secret', securityToken: 'sts-token' }).end('call_sts');
    expect(artc.calls.map((c) => c.accessKeyId)).toEqual(['STS_KEY']);
  });

  it('fails as internal, not silently, on a wrong secret or unknown key (the double refuses the signature)', async () => {
    const wrongSecret = await failure(provider({ accessKeySecret: 'not-it' }).end('call_x'));
    expect(wrongSecret.code).toBe('internal');
    expect(wrongSecret.message).toContain('SignatureDoesNotMatch');
    const unknownKey = await failure(provider({ accessKeyId: 'LTAI_nobody' }).report('call_x'));
    expect(unknownKey.message).toContain('InvalidAccessKeyId.NotFound');
    expect(artc.refused).toEqual([
      { status: 400, code: 'SignatureDoesNotMatch' },
      { status: 404, code: 'InvalidAccessKeyId.NotFound' },
    ]);
    expect(artc.calls).toEqual([]);
  });

  it('fails as internal for an AppId the account does not have', async () => {
    const error = await failure(provider({ appId: 'other-app' }).end('call_x'));
    expect(error.code).toBe('internal');
    expect(error.message).toContain('InvalidAppId.NotFound');
  });

  it('fails as dependency_unavailable when the API cannot be reached', async () => {
    const error = await failure(provider({ endpoint: 'http://127.0.0.1:1', timeoutMs: 500 }).end('call_x'));
    expect(error.code).toBe('dependency_unavailable');
  });

  it('gives up on a stalled API within timeoutMs, as dependency_unavailable', async () => {
    const p = provider({ timeoutMs: 300 });
    await p.report('call_x'); // leaves a keep-alive socket, where SDK read timers have failed before
    artc.stall.on = true;
    try {
      const started = Date.now();
      for (let i = 0; i < 2; i++) expect((await failure(p.report('call_x'))).code).toBe('dependency_unavailable');
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      artc.stall.on = false;
    }
  });

  it('refuses ids ARTC would reject before calling it', async () => {
    await expect(provider().createRoom({ providerCallId: 'has space', kind: 'video', createdBy: 'u', memberIds: [] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(provider().credentials({ providerCallId: 'call_1', userId: 'u/1', ttlSeconds: 60 })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(artc.calls).toEqual([]);
  });
});
