import { describe, expect, it } from 'vitest';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as startCall } from '../http-calls-start/handler.js';
import { handler } from './handler.js';

describe('GET /v1/calls/{id}', () => {
  const chat = useChat({ users: ['cga', 'cgb', 'cgx'], direct: true });
  const [alice, bob, outsider] = chat.users;

  it('shows the call to members, and 404 to anyone else (as for an unknown id)', async () => {
    const { json } = await as(alice).call(startCall, 'POST', '/v1/calls', { conversationId: chat.directId, kind: 'audio' });
    const got = await as(bob).call(handler, 'GET', `/v1/calls/${json.call.id}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ call: json.call });
    expect(JSON.stringify(got.json)).not.toContain('providerCallId');
    expect((await as(outsider).call(handler, 'GET', `/v1/calls/${json.call.id}`)).status).toBe(404);
    expect((await as(bob).call(handler, 'GET', '/v1/calls/no-such-call')).status).toBe(404);
  });
});
