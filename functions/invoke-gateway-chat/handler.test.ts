import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import { userChannel } from '@chat/core/ports/realtime-bus';
import { as } from '../../test/support/chat.js';
import { fcContext } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import type { TestUser } from '../../test/support/users.js';
import { handler as startCall } from '../http-calls-start/handler.js';
import { handler as endCall } from '../http-calls-end/handler.js';
import { handler } from './handler.js';

// What a CHAT_API=fc gateway invokes for a `call.signal` frame.
describe('invoke-gateway-chat: relaySignal', () => {
  const chat = useChat({ users: ['iga', 'igb', 'igx'], direct: true });
  const [alice, bob, outsider] = chat.users;
  const relay = (from: TestUser, input: Record<string, unknown>) =>
    handler(Buffer.from(JSON.stringify({ action: 'relaySignal', caller: { userId: from.id, accessToken: from.accessToken }, input })), fcContext());

  it("publishes a participant's signal on the other's user channel; anyone else, or after the end, gets not_found", async () => {
    const { json } = await as(alice).call(startCall, 'POST', '/v1/calls', { conversationId: chat.directId, kind: 'audio' });
    const callId = json.call.id as string;
    const heard: RealtimeEvent[] = [];
    await chat.deps.bus.subscribe(userChannel(bob.id), (e) => void heard.push(e));
    expect(await relay(alice, { callId, toUserId: bob.id, data: { type: 'offer', sdp: 'v=0' } })).toEqual({ ok: true, result: { relayed: true } });
    await expect.poll(() => heard.filter((e) => e.type === 'call.signal')).toHaveLength(1);
    expect(heard.find((e) => e.type === 'call.signal')).toMatchObject({ callId, fromUserId: alice.id, toUserId: bob.id, data: { type: 'offer' } });

    expect(await relay(outsider, { callId, toUserId: bob.id, data: {} })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await relay(alice, { callId, toUserId: outsider.id, data: {} })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await relay(alice, { callId, toUserId: bob.id, data: { blob: 'x'.repeat(20_000) } })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    await as(alice).call(endCall, 'POST', `/v1/calls/${callId}/end`);
    expect(await relay(alice, { callId, toUserId: bob.id, data: {} })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await chat.deps.bus.unsubscribe(userChannel(bob.id));
  });
});
