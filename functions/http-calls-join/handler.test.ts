import { describe, expect, it } from 'vitest';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as startCall } from '../http-calls-start/handler.js';
import { handler as endCall } from '../http-calls-end/handler.js';
import { handler } from './handler.js';

describe('POST /v1/calls/{id}/join', () => {
  const chat = useChat({ users: ['cja', 'cjb', 'cjx'], direct: true });
  const [alice, bob, outsider] = chat.users;

  it('answers: the call goes active with both in it; credentials for the joiner; 404 for non-members, 409 once ended', async () => {
    const { json } = await as(alice).call(startCall, 'POST', '/v1/calls', { conversationId: chat.directId, kind: 'audio' });
    const id = json.call.id as string;
    expect((await as(outsider).call(handler, 'POST', `/v1/calls/${id}/join`)).status).toBe(404);
    expect((await as(bob).call(handler, 'POST', '/v1/calls/no-such-call/join')).status).toBe(404);
    const joined = await as(bob).call(handler, 'POST', `/v1/calls/${id}/join`);
    expect(joined.status).toBe(200);
    expect(joined.json.call).toMatchObject({ state: 'active', answeredAt: expect.any(String) });
    expect(
      joined.json.call.participants
        .filter((p: { inCall: boolean }) => p.inCall)
        .map((p: { userId: string }) => p.userId)
        .sort(),
    ).toEqual([alice.id, bob.id].sort());
    expect(joined.json.credentials).toEqual({ provider: 'local', callId: id, iceServers: [] });
    expect((await as(bob).call(handler, 'POST', `/v1/calls/${id}/join`)).status).toBe(200); // a repeat is harmless
    await as(alice).call(endCall, 'POST', `/v1/calls/${id}/end`);
    const late = await as(bob).call(handler, 'POST', `/v1/calls/${id}/join`);
    expect(late.status).toBe(409);
  });
});
