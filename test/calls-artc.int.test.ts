/**
 * Acceptance (issue 13): a group video call with three members on the `artc` adapter against its
 * double, on PostgreSQL, Redis and RabbitMQ. The join tokens are the official algorithm's; ARTC's
 * callbacks (join ×3, leave ×3) posted to the webhook function shuffled and with one redelivered
 * end the call once, with the right participants and durations, one timeline message and one
 * analytics record.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCall, type Call } from '@chat/core/domain/calls/call';
import { until } from '@chat/core/ports/job-queue.contract';
import { calls } from '@chat/core/wiring/calls';
import { handler as listMessages } from '../functions/http-messages-list/handler.js';
import { handler as artcWebhook } from '../functions/http-webhooks-artc/handler.js';
import { startArtcDouble, type ArtcDouble } from './support/artc-double.js';
import { callStack } from './support/call-acceptance.js';
import { callFixture, type ArtcFixture } from './support/call-webhooks.js';
import { as, openGroup } from './support/chat.js';
import { call } from './support/fc-http.js';
import { registerUser, type TestUser } from './support/users.js';

const APP = { appId: 'artc-accept-app', appKey: 'artc-accept-app-key', callbackSecret: `cb-${randomUUID()}` };
const KEY = { id: 'LTAI5tAcceptance', secret: 'acceptance-access-key-secret' };

/** The ARTC token written out from the documentation (calls-notes §B4), independent of the adapter. */
const documentedToken = (p: { appId: string; appKey: string; channelId: string; userId: string; nonce: string; timestamp: number }) =>
  createHash('sha256').update(`${p.appId}${p.appKey}${p.channelId}${p.userId}${p.nonce}${p.timestamp}`).digest('hex');

/** A fixed shuffle (so a failure reproduces): a permutation with one delivery sent twice. */
function shuffledWithRedelivery<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  out.splice(Math.floor(rnd() * out.length), 0, items[Math.floor(rnd() * items.length)]!);
  return out;
}

describe('ARTC group video call, driven by ARTC callbacks', () => {
  let stack: Awaited<ReturnType<typeof callStack>>;
  let artc: ArtcDouble;
  let alice: TestUser, bob: TestUser, carol: TestUser;
  let group: string;
  const post = (body: unknown, secret = APP.callbackSecret) =>
    call(artcWebhook, { method: 'POST', path: `/v1/webhooks/artc/${encodeURIComponent(secret)}`, body });

  beforeAll(async () => {
    artc = await startArtcDouble({ appId: APP.appId, secrets: { [KEY.id]: KEY.secret } });
    stack = await callStack('calls_artc', {
      ARTC_APP_ID: APP.appId,
      ARTC_APP_KEY: APP.appKey,
      ARTC_CALLBACK_SECRET: APP.callbackSecret,
      ARTC_ENDPOINT: artc.endpoint,
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.secret,
    });
    [alice, bob, carol] = [await registerUser('va'), await registerUser('vb'), await registerUser('vc')];
    group = await openGroup(alice, [bob, carol], 'Video');
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await artc?.close();
  });

  /** Starts a video call in the group on the ARTC provider, as the call service does. */
  async function startCall(at: Date): Promise<Call> {
    const deps = await stack.deps.wiring.use(calls);
    const provider = deps.providers.forKind('video');
    expect(provider.name).toBe('artc');
    const ringing = newCall({
      id: randomUUID(),
      conversationId: group,
      kind: 'video',
      provider: 'artc',
      providerCallId: `v_${randomUUID()}`,
      createdBy: alice.id,
      at,
    });
    await provider.createRoom({ providerCallId: ringing.providerCallId, kind: 'video', createdBy: alice.id, memberIds: [bob.id, carol.id] });
    return (await deps.store.create(ringing)).call;
  }

  it('hands out tokens by the documented algorithm', async () => {
    const deps = await stack.deps.wiring.use(calls);
    // The documentation's own test vector, through the same written-out algorithm.
    expect(documentedToken({ appId: 'abc', appKey: 'abckey', channelId: 'abcChannel', userId: 'abcUser', nonce: '', timestamp: 1699423634 })).toBe(
      '3c9ee8d9f8734f0b7560ed8022a0590659113955819724fc9345ab8eedf84f31',
    );
    const channelId = `v_${randomUUID()}`;
    for (const user of [alice, bob, carol]) {
      const c = await deps.providers.get('artc').credentials({ providerCallId: channelId, userId: user.id, ttlSeconds: 600 });
      if (c.provider !== 'artc') throw new Error('not ARTC credentials');
      expect(c).toMatchObject({ appId: APP.appId, channelId, userId: user.id, nonce: '' });
      expect(c.token).toBe(documentedToken({ ...APP, channelId, userId: user.id, nonce: '', timestamp: c.timestamp }));
      expect(JSON.parse(Buffer.from(c.joinToken, 'base64').toString('utf8'))).toEqual({
        appid: APP.appId,
        channelid: channelId,
        userid: user.id,
        nonce: '',
        timestamp: c.timestamp,
        token: c.token,
      });
    }
  });

  /** Posts one call's callbacks in a shuffled order with one redelivered; returns the call and each outcome. */
  async function playShuffled(seed: number) {
    const T0 = 1796000000 * 1000;
    const started = await startCall(new Date(T0 - 10_000));
    const vars = { appId: APP.appId, subscribeId: `sub-${randomUUID()}`, alice: alice.id, bob: bob.id, carol: carol.id, channel: started.providerCallId };
    const f = callFixture<ArtcFixture>('artc-group-video', vars);
    const outcomes: string[] = [];
    for (const delivery of shuffledWithRedelivery(f.deliveries, seed)) {
      const res = await post(delivery);
      expect(res.status, JSON.stringify(res.json)).toBe(204);
      outcomes.push(res.headers['x-webhook-outcome']!);
    }
    const ended = (await (await stack.deps.wiring.use(calls)).store.get(started.id))!;
    return { started, ended, outcomes, f, T0 };
  }
  const callMessages = async (callId: string) => {
    const res = await as(bob).call(listMessages, 'GET', `/v1/conversations/${group}/messages`, undefined, { limit: '100' });
    expect(res.status).toBe(200);
    return (res.json.items as { call?: { callId: string; durationSeconds: number; participants: unknown[] } | null }[]).filter(
      (m) => m.call?.callId === callId,
    );
  };

  it('ends the call once from shuffled, redelivered callbacks: right participants and durations, one message, one analytics record', async () => {
    for (const seed of [7, 42, 1234, 99991]) {
      const { started, ended, outcomes, f, T0 } = await playShuffled(seed);
      expect(
        outcomes.filter((o) => o === 'duplicate'),
        `seed ${seed}`,
      ).toHaveLength(1);
      expect(ended, `seed ${seed}`).toMatchObject({
        state: 'ended',
        endReason: 'completed',
        answeredAt: new Date(T0 + 5_000),
        endedAt: new Date(T0 + 320_000),
      });
      expect(Object.fromEntries(ended.participants.map((p) => [p.userId, p.durationSeconds])), `seed ${seed}`).toEqual({
        [alice.id]: f.expected.durations.alice,
        [bob.id]: f.expected.durations.bob,
        [carol.id]: f.expected.durations.carol,
      });
      const messages = await callMessages(started.id);
      expect(messages, `seed ${seed}`).toHaveLength(1);
      expect(messages[0], `seed ${seed}`).toMatchObject({ call: { kind: 'call', callId: started.id, callKind: 'video', endReason: 'completed' } });
      const stats = await until(() => stack.deps.analytics.callStats(started.id), 'the analytics record', 15_000);
      expect(stats).toMatchObject({ callId: started.id, provider: 'artc', kind: 'video' });

      // The whole sequence again (ARTC retrying everything): no second effect anywhere.
      for (const delivery of f.deliveries) expect((await post(delivery)).headers['x-webhook-outcome']).toBe('duplicate');
      expect(await callMessages(started.id)).toHaveLength(1);
      expect((await (await stack.deps.wiring.use(calls)).store.get(started.id))?.version).toBe(ended.version);
    }
  });

  it('ends the call once when all callbacks arrive at the same time (racing writers)', async () => {
    const T0 = 1796000000 * 1000;
    const started = await startCall(new Date(T0 - 10_000));
    const f = callFixture<ArtcFixture>('artc-group-video', {
      appId: APP.appId,
      subscribeId: `sub-${randomUUID()}`,
      alice: alice.id,
      bob: bob.id,
      carol: carol.id,
      channel: started.providerCallId,
    });
    const replies = await Promise.all([...f.deliveries, f.deliveries[5]!].map((d) => post(d)));
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 204));
    const ended = (await (await stack.deps.wiring.use(calls)).store.get(started.id))!;
    expect(ended).toMatchObject({ state: 'ended', endReason: 'completed', endedAt: new Date(T0 + 320_000) });
    expect(await callMessages(started.id)).toHaveLength(1);
  });

  // The room can look empty before everyone's callbacks are in (here: bob and carol leave before
  // alice's join arrives): the call ends at the first figures (305 s), later facts move its end to
  // 320 s, and the timeline message and the analytics record are revised to match.
  it('the timeline message has the final durations even when the room first looked empty early', async () => {
    const { started, ended } = await playShuffled(20261203);
    expect(ended).toMatchObject({ endedAt: new Date(1796000320_000) });
    const [message] = await callMessages(started.id);
    expect(message?.call).toMatchObject({
      durationSeconds: 315,
      participants: expect.arrayContaining([expect.anything(), expect.anything(), expect.anything()]),
    });
    const revised = await until(
      async () => ((await stack.deps.analytics.callStats(started.id))?.durationSeconds === 315 ? stack.deps.analytics.callStats(started.id) : undefined),
      'the revised analytics record',
      15_000,
    );
    expect(revised).toMatchObject({ callId: started.id, durationSeconds: 315, participants: 3 });
  });

  it('refuses a wrong secret or another app (401) and junk (400); unknown channels get 204', async () => {
    const f = callFixture<ArtcFixture>('artc-group-video', {
      appId: APP.appId,
      subscribeId: `sub-${randomUUID()}`,
      channel: `nobody_${randomUUID()}`,
      alice: alice.id,
      bob: bob.id,
      carol: carol.id,
    });
    const [join] = f.deliveries;
    expect((await post(join, `${APP.callbackSecret}x`)).status).toBe(401);
    expect((await post(join, 'short')).status).toBe(401);
    expect((await post({ ...join, AppId: 'someone-else' })).status).toBe(401);
    expect((await post('{"MsgId": ')).status).toBe(400);
    expect((await post({ ...join, Contents: 'Join' })).status).toBe(400);
    const unknown = await post(join);
    expect(unknown.status).toBe(204);
    expect(unknown.headers['x-webhook-outcome']).toBe('unknown_call');
  });
});
