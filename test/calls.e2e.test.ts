import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type RunningCloud } from './support/local-cloud.js';
import { WsClient } from './support/ws-client.js';

/**
 * Issue 13's acceptance on a real `npm start` with no configuration (every call on the embedded
 * `local` provider, two gateway nodes behind /ws): ringing on every device, answering from one,
 * signalling between the two, the end, the timeline message, and a call that times out as missed.
 */
describe('calls on the local cloud', () => {
  let cloud: RunningCloud;
  beforeAll(async () => {
    // A short ring, and timers every second, so the missed call ends within the test.
    cloud = await startLocalCloud({ CALL_RING_SECONDS: '2', LOCAL_TIMER_SECONDS: '1' });
  }, 90_000);
  afterAll(async () => {
    if (cloud && cloud.process.exitCode === null) await cloud.stop();
  });

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(cloud.url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const register = async (name: string) => {
    const suffix = `${name}_${Date.now().toString(36)}`;
    const res = await call('POST', '/v1/auth/register', undefined, { username: suffix, email: `${suffix}@example.com`, password: 'correct horse battery' });
    expect(res.status).toBe(201);
    return { id: res.json.user.id as string, token: res.json.tokens.accessToken as string };
  };
  const ws = (token: string, label: string) => WsClient.connect(`ws://127.0.0.1:${cloud.port}/ws`, token, label);

  it('rings both of bob’s devices, answers on one (the other hears call.accepted), relays signals, ends once with one `call` message', async () => {
    const [alice, bob, mallory] = [await register('alice'), await register('bob'), await register('mallory')];
    const conv = await call('POST', '/v1/conversations', alice.token, { type: 'direct', userId: bob.id });
    const conversationId = conv.json.conversation.id as string;
    const aliceWs = await ws(alice.token, 'alice');
    // The local cloud's /ws spreads sockets over its two gateway nodes.
    const [bobPhone, bobLaptop] = [await ws(bob.token, 'bob-phone'), await ws(bob.token, 'bob-laptop')];
    const malloryWs = await ws(mallory.token, 'mallory');

    const started = await call('POST', '/v1/calls', alice.token, { conversationId, kind: 'audio' });
    expect(started.status).toBe(201);
    expect(started.json.credentials).toEqual({ provider: 'local', callId: expect.any(String), iceServers: [] });
    const callId = started.json.call.id as string;
    for (const device of [bobPhone, bobLaptop]) {
      const ring = await device.waitFor((f) => f.type === 'call.ringing' && f.call.id === callId, 10_000, 'call.ringing');
      expect(ring.frame.call).toMatchObject({ conversationId, kind: 'audio', state: 'ringing', createdBy: alice.id });
    }

    // Non-members learn nothing about the call.
    for (const [method, path] of [
      ['GET', `/v1/calls/${callId}`],
      ['POST', `/v1/calls/${callId}/join`],
      ['POST', `/v1/calls/${callId}/end`],
    ] as const)
      expect((await call(method, path, mallory.token)).status, `${method} ${path}`).toBe(404);
    expect((await call('POST', '/v1/calls', mallory.token, { conversationId, kind: 'audio' })).status).toBe(404);

    const joined = await call('POST', `/v1/calls/${callId}/join`, bob.token);
    expect(joined.status).toBe(200);
    expect(joined.json.call.state).toBe('active');
    // The device that did not answer hears the answer and stops ringing (so does the caller).
    await bobLaptop.waitFor((f) => f.type === 'call.accepted' && f.call.id === callId, 10_000, 'call.accepted on the other device');
    await aliceWs.waitFor((f) => f.type === 'call.accepted' && f.call.id === callId, 10_000, 'call.accepted for the caller');

    // WebRTC signalling over the gateway, both ways; an outsider's signal is refused.
    aliceWs.send({ type: 'call.signal', callId, toUserId: bob.id, data: { type: 'offer', sdp: 'v=0 alice' } });
    const offer = await bobPhone.waitFor((f) => f.type === 'call.signal' && f.callId === callId, 10_000, 'the offer');
    expect(offer.frame).toEqual({ type: 'call.signal', callId, fromUserId: alice.id, data: { type: 'offer', sdp: 'v=0 alice' } });
    bobPhone.send({ type: 'call.signal', callId, toUserId: alice.id, data: { type: 'answer', sdp: 'v=0 bob' } });
    expect((await aliceWs.waitFor((f) => f.type === 'call.signal', 10_000, 'the answer')).frame).toMatchObject({
      fromUserId: bob.id,
      data: { type: 'answer' },
    });
    const ref = malloryWs.send({ type: 'call.signal', callId, toUserId: bob.id, data: { type: 'offer', sdp: 'v=0 mallory' } });
    const refused = await malloryWs.waitFor((f) => f.type === 'error' && f.ref === ref, 10_000, 'the refusal');
    expect(refused.frame.error.code).toBe('not_found');

    await new Promise((r) => setTimeout(r, 1_100)); // a call of at least a second
    const ended = await call('POST', `/v1/calls/${callId}/end`, alice.token);
    expect(ended.json.call).toMatchObject({ state: 'ended', endReason: 'completed' });
    for (const device of [aliceWs, bobPhone, bobLaptop]) await device.waitFor((f) => f.type === 'call.ended' && f.call.id === callId, 10_000, 'call.ended');
    expect((await call('POST', `/v1/calls/${callId}/end`, alice.token)).status).toBe(200); // again: no second anything

    const history = await call('GET', `/v1/conversations/${conversationId}/messages`, bob.token);
    const callMessages = history.json.items.filter((m: { kind: string }) => m.kind === 'call');
    expect(callMessages).toHaveLength(1);
    expect(callMessages[0]).toMatchObject({ text: null, senderId: alice.id, call: { callId, callKind: 'audio', endReason: 'completed' } });
    expect(callMessages[0].call.durationSeconds).toBeGreaterThanOrEqual(1);
    const listed = await call('GET', `/v1/calls?conversationId=${conversationId}`, bob.token);
    expect(listed.json.items.map((c: { id: string }) => c.id)).toEqual([callId]);
    expect(listed.json.items[0].durationSeconds).toBe(callMessages[0].call.durationSeconds);
    expect((await call('GET', `/v1/calls?conversationId=${conversationId}`, mallory.token)).status).toBe(404);
    // Signals are addressed to a user, so the device that did not answer sees them too (and drops them).
    expect(malloryWs.frames.filter((r) => r.frame.type === 'call.signal')).toEqual([]);

    // A second call that bob never answers ends as missed after the ring timeout, counted unread for him.
    const second = await call('POST', '/v1/calls', alice.token, { conversationId, kind: 'audio' });
    expect(second.status).toBe(201);
    const missedId = second.json.call.id as string;
    await bobPhone.waitFor((f) => f.type === 'call.ringing' && f.call.id === missedId, 10_000, 'the second ring');
    const missedEnd = await bobLaptop.waitFor((f) => f.type === 'call.ended' && f.call.id === missedId, 20_000, 'the missed call ending');
    expect(missedEnd.frame.call).toMatchObject({ state: 'ended', endReason: 'missed' });
    const missedMessage = await bobPhone.waitFor((f) => f.type === 'message.new' && f.message.call?.callId === missedId, 10_000, 'the missed-call message');
    expect(missedMessage.frame.message).toMatchObject({ kind: 'call', call: { endReason: 'missed', durationSeconds: 0 } });
    const mine = await call('GET', '/v1/conversations', bob.token);
    const direct = mine.json.items.find((c: { id: string }) => c.id === conversationId);
    expect(direct.unreadCount).toBeGreaterThanOrEqual(1);
    expect(direct.readSeq).toBeLessThan(missedMessage.frame.message.seq);
    expect((await call('GET', '/v1/calls?missed=true', bob.token)).json.items.map((c: { id: string }) => c.id)).toEqual([missedId]);

    for (const c of [aliceWs, bobPhone, bobLaptop, malloryWs]) await c.close();
  }, 120_000);
});
