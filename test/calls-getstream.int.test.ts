/**
 * Acceptance (issue 13): a 1:1 audio call on the `getstream` adapter against its double, driven by
 * signed Stream webhooks, on PostgreSQL, Redis and RabbitMQ. A tampered signature is a 401 with no
 * effect; a replayed webhook has no second effect; the timeline message and the analytics record
 * appear once.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '@chat/core/domain/calls/call';
import { until } from '@chat/core/ports/job-queue.contract';
import { calls } from '@chat/core/wiring/calls';
import { handler as startCallHandler } from '../functions/http-calls-start/handler.js';
import { handler as listMessages } from '../functions/http-messages-list/handler.js';
import { handler as streamWebhook } from '../functions/http-webhooks-getstream/handler.js';
import { callStack } from './support/call-acceptance.js';
import { callFixture, shiftTimes, streamDelivery, type StreamFixture } from './support/call-webhooks.js';
import { as, openDirect } from './support/chat.js';
import { call } from './support/fc-http.js';
import { startStreamDouble, type StreamDouble } from './support/stream-double.js';
import { registerUser, type TestUser } from './support/users.js';

describe('GetStream 1:1 audio call, driven by signed webhooks', () => {
  let stack: Awaited<ReturnType<typeof callStack>>;
  let stream: StreamDouble;
  let alice: TestUser, bob: TestUser;
  let direct: string;
  const account = () => ({ apiKey: stream.apiKey, apiSecret: stream.apiSecret });
  const post = (d: { headers: Record<string, string>; body: string | Buffer }) =>
    call(streamWebhook, { method: 'POST', path: '/v1/webhooks/getstream', headers: d.headers, body: d.body });

  beforeAll(async () => {
    stream = await startStreamDouble({ apiKey: 'accept-key', apiSecret: 'accept-secret-that-signs-webhooks' });
    stack = await callStack('calls_stream', { STREAM_API_KEY: stream.apiKey, STREAM_API_SECRET: stream.apiSecret, STREAM_BASE_URL: stream.baseUrl });
    [alice, bob] = [await registerUser('sa'), await registerUser('sb')];
    direct = await openDirect(alice, bob);
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await stream?.close();
  });

  /** Alice calls bob (POST /v1/calls, audio): Stream, since it is configured for audio. */
  async function startCall(): Promise<Call> {
    const res = await as(alice).call(startCallHandler, 'POST', '/v1/calls', { conversationId: direct, kind: 'audio' });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.credentials).toMatchObject({ provider: 'getstream', apiKey: stream.apiKey, userId: alice.id, callType: 'default' });
    const started = (await (await stack.deps.wiring.use(calls)).store.get(res.json.call.id as string))!;
    expect(stream.call(started.providerCallId).createBodies[0]).toMatchObject({ ring: false, video: false });
    return started;
  }
  const stored = async (id: string) => (await (await stack.deps.wiring.use(calls)).store.get(id))!;
  const callMessages = async (id: string) => {
    const res = await as(alice).call(listMessages, 'GET', `/v1/conversations/${direct}/messages`);
    expect(res.status).toBe(200);
    return (res.json.items as { kind: string; call?: { callId: string } }[]).filter((m) => m.call?.callId === id);
  };

  it('ends the call from its webhooks once: a tampered one is refused, a replay changes nothing', async () => {
    const started = await startCall();
    // The fixture moved so its session starts a second after our start (its first fact is at 10:00:01).
    const shift = started.startedAt.getTime() + 1000 - Date.parse('2026-10-02T10:00:01.000Z');
    const f = shiftTimes(
      callFixture<StreamFixture>('getstream-one-to-one', { callId: started.providerCallId, sessionId: randomUUID(), alice: alice.id, bob: bob.id }),
      shift,
    );
    const [sessionStarted, aliceJoined, bobJoined, bobLeft, aliceLeft, report] = f.presence;
    const [sessionEnded] = f.terminal;
    const deliveries = [sessionStarted, aliceJoined, bobJoined, bobLeft, aliceLeft, sessionEnded, report].map((e, i) =>
      streamDelivery(e!, account(), { webhookId: randomUUID(), gzip: i % 2 === 1 }),
    );

    // Tampered: bob's join "moved" an hour earlier, the signature left as it was.
    const tampered = { headers: deliveries[2]!.headers, body: deliveries[2]!.raw.replace('"role":"user"', '"role":"admin"') };
    const refused = await post(tampered);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('unauthorized');
    expect(await post({ ...deliveries[2]!, headers: { ...deliveries[2]!.headers, 'X-API-KEY': 'another-app' } })).toMatchObject({ status: 401 });
    expect((await stored(started.id)).version).toBe(started.version);

    for (const d of deliveries) {
      const res = await post(d);
      expect(res.status, JSON.stringify(res.json)).toBe(204);
      expect(res.headers['x-webhook-outcome']).toBe(d === deliveries[0] ? 'ignored' : 'applied');
    }
    const ended = await stored(started.id);
    expect(ended).toMatchObject({
      state: 'ended',
      endReason: 'completed',
      answeredAt: new Date(f.expected.answeredAt),
      endedAt: new Date(f.expected.endedAt),
      quality: { cq_score: 92, participants: 2 },
    });
    expect(Object.fromEntries(ended.participants.map((p) => [p.userId, p.durationSeconds]))).toEqual({
      // Alice is in from her POST /v1/calls, a second before Stream saw her join.
      [alice.id]: Math.round((new Date(f.expected.endedAt).getTime() - started.startedAt.getTime()) / 1000),
      [bob.id]: f.expected.durations.bob,
    });
    // Stream's stats report comes after the session end: the analytics record is written again with it.
    const stats = await until(
      async () => ((await stack.deps.analytics.callStats(started.id))?.quality ? stack.deps.analytics.callStats(started.id) : undefined),
      'the analytics record with the quality report',
      15_000,
    );
    expect(stats).toMatchObject({
      callId: started.id,
      provider: 'getstream',
      kind: 'audio',
      participants: 2,
      durationSeconds: f.expected.durationSeconds,
      quality: { cq_score: 92, participants: 2 },
    });

    // Replays: Stream's retry (same id, attempt 2) is skipped by the dedupe mark; the same body
    // under a new id (anyone holding a captured body can send one: the id is not signed) passes it
    // and still changes nothing.
    for (const d of deliveries) {
      const retry = await post({ ...d, headers: { ...d.headers, 'X-WEBHOOK-ATTEMPT': '2' } });
      expect(retry.headers['x-webhook-outcome']).toBe('duplicate');
    }
    const renamed = streamDelivery(sessionEnded!, account(), { webhookId: randomUUID() });
    expect((await post(renamed)).status).toBe(204);
    await sleep(300); // room for a second analytics job to arrive, if one were (wrongly) made
    expect((await stored(started.id)).version).toBe(ended.version);
    const [message, ...more] = await callMessages(started.id);
    expect(more).toEqual([]);
    expect(message).toMatchObject({ kind: 'call', call: { callId: started.id, callKind: 'audio', endReason: 'completed', durationSeconds: 242 } });
    expect(await stack.deps.analytics.callStats(started.id)).toEqual(stats);
  });

  it('answers 2xx for unknown events and calls, 400 for signed junk', async () => {
    const sign = (event: unknown) => streamDelivery(event as Record<string, unknown>, account(), { webhookId: randomUUID() });
    const unknownType = await post(sign({ type: 'call.reaction_new', created_at: new Date().toISOString(), call_cid: 'default:x' }));
    expect(unknownType).toMatchObject({ status: 204, headers: { 'x-webhook-outcome': 'ignored' } });
    const unknownCall = await post(sign({ type: 'call.missed', created_at: new Date().toISOString(), call_cid: `default:${randomUUID()}` }));
    expect(unknownCall).toMatchObject({ status: 204, headers: { 'x-webhook-outcome': 'unknown_call' } });
    const junk = await post(sign({ type: 'call.session_participant_joined', created_at: 'soon', call_cid: 'default:x' }));
    expect(junk.status).toBe(400);
  });
});
