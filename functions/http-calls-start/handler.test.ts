import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import { userChannel } from '@chat/core/ports/realtime-bus';
import { as, openGroup } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as endCall } from '../http-calls-end/handler.js';
import { handler } from './handler.js';

describe('POST /v1/calls', () => {
  const chat = useChat({ users: ['csa', 'csb', 'csc', 'csx'], direct: true, group: { members: 3 }, env: { CALL_MAX_PARTICIPANTS: '3' } });
  const [alice, bob, carol, outsider] = chat.users;
  const start = (user = alice, body: Record<string, unknown> = { conversationId: chat.directId, kind: 'audio' }) =>
    as(user).call(handler, 'POST', '/v1/calls', body);

  it('starts a ringing audio call in a direct conversation with local credentials, rings the callee, and returns the live one again (200)', async () => {
    const heard: RealtimeEvent[] = [];
    await chat.deps.bus.subscribe(userChannel(bob.id), (e) => void heard.push(e));
    const started = await start();
    expect(started.status).toBe(201);
    expect(started.json.call).toMatchObject({ conversationId: chat.directId, kind: 'audio', provider: 'local', state: 'ringing', createdBy: alice.id });
    expect(started.json.credentials).toEqual({ provider: 'local', callId: expect.any(String), iceServers: [] });
    await expect.poll(() => heard.filter((e) => e.type === 'call.ringing')).toHaveLength(1);
    expect(heard.find((e) => e.type === 'call.ringing')).toMatchObject({ call: { id: started.json.call.id } });

    const again = await start(bob);
    expect(again.status).toBe(200);
    expect(again.json.call.id).toBe(started.json.call.id);
    await chat.deps.bus.unsubscribe(userChannel(bob.id));
    expect((await as(alice).call(endCall, 'POST', `/v1/calls/${started.json.call.id}/end`)).json.call).toMatchObject({
      state: 'ended',
      endReason: 'cancelled',
    });
  });

  it('refuses audio in a group and conversations over CALL_MAX_PARTICIPANTS (400); video works in a group', async () => {
    const audio = await start(alice, { conversationId: chat.groupId, kind: 'audio' });
    expect(audio.status).toBe(400);
    expect(audio.json.error.details).toEqual([{ field: 'kind', issue: expect.stringContaining('direct') }]);
    const big = await openGroup(alice, [bob, carol, outsider], 'Big');
    const tooMany = await start(alice, { conversationId: big, kind: 'video' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.details).toEqual([{ field: 'conversationId', issue: 'the conversation has 4 members' }]);
    const video = await start(carol, { conversationId: chat.groupId, kind: 'video' });
    expect(video.status).toBe(201);
    expect(video.json.call).toMatchObject({ kind: 'video', provider: 'local' });
  });

  it('gives non-members and unknown conversations the same 404, and validates the body', async () => {
    expect((await start(outsider)).status).toBe(404);
    expect((await start(alice, { conversationId: 'no-such', kind: 'audio' })).status).toBe(404);
    expect((await start(alice, { conversationId: chat.directId, kind: 'screen' })).status).toBe(400);
    expect((await start(alice, { conversationId: chat.directId })).status).toBe(400);
  });
});
