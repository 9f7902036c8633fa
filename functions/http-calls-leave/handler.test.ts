import { describe, expect, it } from 'vitest';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as startCall } from '../http-calls-start/handler.js';
import { handler as joinCall } from '../http-calls-join/handler.js';
import { handler } from './handler.js';

describe('POST /v1/calls/{id}/leave', () => {
  const chat = useChat({ users: ['cla', 'clb', 'clc', 'clx'], group: { members: 3 } });
  const [alice, bob, carol, outsider] = chat.users;

  it('keeps a group call running while someone is in, and ends it (completed) when the last one leaves', async () => {
    const { json } = await as(alice).call(startCall, 'POST', '/v1/calls', { conversationId: chat.groupId, kind: 'video' });
    const id = json.call.id as string;
    await as(bob).call(joinCall, 'POST', `/v1/calls/${id}/join`);
    await as(carol).call(joinCall, 'POST', `/v1/calls/${id}/join`);
    expect((await as(outsider).call(handler, 'POST', `/v1/calls/${id}/leave`)).status).toBe(404);
    expect((await as(alice).call(handler, 'POST', `/v1/calls/${id}/leave`)).json.call.state).toBe('active');
    expect((await as(bob).call(handler, 'POST', `/v1/calls/${id}/leave`)).json.call.state).toBe('active');
    const last = await as(carol).call(handler, 'POST', `/v1/calls/${id}/leave`);
    expect(last.json.call).toMatchObject({ state: 'ended', endReason: 'completed' });
    expect(last.json.call.participants.every((p: { inCall: boolean }) => !p.inCall)).toBe(true);
  });
});
