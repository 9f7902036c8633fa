import { describe, expect, it } from 'vitest';
import { as } from '../../test/support/chat.js';
import { fcContext } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as startCall } from '../http-calls-start/handler.js';
import { handler as listConversations } from '../http-conversations-list/handler.js';
import { handler as history } from '../http-messages-list/handler.js';
import { handler as getCall } from '../http-calls-get/handler.js';
import { handler } from './handler.js';

const tick = () => handler(Buffer.from(JSON.stringify({ triggerTime: new Date().toISOString(), triggerName: 'every-minute', payload: '' })), fcContext());

describe('timer-calls-ring-sweep', () => {
  const chat = useChat({ users: ['rsa', 'rsb'], direct: true, env: { CALL_RING_SECONDS: '1' } });
  const [alice, bob] = chat.users;

  it('ends a call nobody answered within CALL_RING_SECONDS as missed, once: call.ended, one `missed` message unread for the callee', async () => {
    const { json } = await as(alice).call(startCall, 'POST', '/v1/calls', { conversationId: chat.directId, kind: 'audio' });
    const id = json.call.id as string;
    expect(await tick()).toMatchObject({ missed: 0 });
    await new Promise((r) => setTimeout(r, 1_100));
    const [a, b] = await Promise.all([tick(), tick()]);
    expect([a, b].map((r) => (r as { missed: number }).missed).sort()).toEqual([0, 1]);

    const call = (await as(bob).call(getCall, 'GET', `/v1/calls/${id}`)).json.call;
    expect(call).toMatchObject({ state: 'ended', endReason: 'missed', answeredAt: null });
    expect(call.participants.every((p: { inCall: boolean }) => !p.inCall)).toBe(true);
    const page = await as(bob).call(history, 'GET', `/v1/conversations/${chat.directId}/messages`);
    expect(page.json.items.filter((m: { kind: string }) => m.kind === 'call')).toEqual([
      expect.objectContaining({ senderId: alice.id, call: expect.objectContaining({ callId: id, endReason: 'missed', durationSeconds: 0 }) }),
    ]);
    const mine = (who: typeof alice) =>
      as(who)
        .call(listConversations, 'GET', '/v1/conversations')
        .then((r) => r.json.items.find((c: { id: string }) => c.id === chat.directId));
    expect((await mine(bob)).unreadCount).toBe(1);
    expect((await mine(alice)).unreadCount).toBe(0);
    expect(await tick()).toMatchObject({ missed: 0 });
  });
});
