import { describe, expect, it } from 'vitest';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as startCall } from '../http-calls-start/handler.js';
import { handler } from './handler.js';

describe('POST /v1/calls/{id}/decline', () => {
  const chat = useChat({ users: ['cda', 'cdb', 'cdx'], direct: true });
  const [alice, bob, outsider] = chat.users;

  it('ends a direct call as declined; the caller cannot decline (403); non-members get 404', async () => {
    const { json } = await as(alice).call(startCall, 'POST', '/v1/calls', { conversationId: chat.directId, kind: 'audio' });
    const id = json.call.id as string;
    expect((await as(outsider).call(handler, 'POST', `/v1/calls/${id}/decline`)).status).toBe(404);
    expect((await as(alice).call(handler, 'POST', `/v1/calls/${id}/decline`)).status).toBe(403);
    const declined = await as(bob).call(handler, 'POST', `/v1/calls/${id}/decline`);
    expect(declined.status).toBe(200);
    expect(declined.json.call).toMatchObject({ state: 'ended', endReason: 'declined' });
    expect((await as(bob).call(handler, 'POST', `/v1/calls/${id}/decline`)).json.call.endReason).toBe('declined');
  });
});
