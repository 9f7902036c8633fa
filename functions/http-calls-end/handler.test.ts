import { describe, expect, it } from 'vitest';
import { as, openGroup } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as startCall } from '../http-calls-start/handler.js';
import { handler as joinCall } from '../http-calls-join/handler.js';
import { handler as history } from '../http-messages-list/handler.js';
import { handler } from './handler.js';

describe('POST /v1/calls/{id}/end', () => {
  const chat = useChat({ users: ['cea', 'ceb', 'cec', 'cex'], direct: true });
  const [alice, bob, carol, outsider] = chat.users;

  it('lets the caller end an answered call for everyone: completed, and one `call` message in the history, however often it is ended', async () => {
    const { json } = await as(alice).call(startCall, 'POST', '/v1/calls', { conversationId: chat.directId, kind: 'audio' });
    const id = json.call.id as string;
    await as(bob).call(joinCall, 'POST', `/v1/calls/${id}/join`);
    expect((await as(outsider).call(handler, 'POST', `/v1/calls/${id}/end`)).status).toBe(404);
    const ended = await Promise.all([1, 2, 3].map(() => as(alice).call(handler, 'POST', `/v1/calls/${id}/end`)));
    expect(ended.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(ended[0]!.json.call).toMatchObject({ state: 'ended', endReason: 'completed' });
    const page = await as(bob).call(history, 'GET', `/v1/conversations/${chat.directId}/messages`);
    const calls = page.json.items.filter((m: { kind: string }) => m.kind === 'call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      kind: 'call',
      text: null,
      senderId: alice.id,
      call: { kind: 'call', callId: id, callKind: 'audio', endReason: 'completed' },
    });
  });

  it('lets a group admin end a call someone else started; other members get 403', async () => {
    const group = await openGroup(alice, [bob, carol], 'Admins');
    const { json } = await as(bob).call(startCall, 'POST', '/v1/calls', { conversationId: group, kind: 'video' });
    const id = json.call.id as string;
    expect((await as(carol).call(handler, 'POST', `/v1/calls/${id}/end`)).status).toBe(403);
    const byOwner = await as(alice).call(handler, 'POST', `/v1/calls/${id}/end`);
    expect(byOwner.json.call).toMatchObject({ state: 'ended', endReason: 'cancelled' });
  });
});
