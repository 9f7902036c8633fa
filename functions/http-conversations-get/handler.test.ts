import { describe, expect, it } from 'vitest';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

describe('GET /v1/conversations/{id}', () => {
  // The outsider is left out of the group.
  const chat = useChat({ users: ['ga', 'gb', 'gx'], group: { title: 'Club', members: 2 } });
  const [owner, member, outsider] = chat.users;

  it('shows members the conversation and everyone else a 404', async () => {
    const res = await as(member).call(handler, 'GET', `/v1/conversations/${chat.groupId}`);
    expect(res.json.conversation).toMatchObject({ id: chat.groupId, title: 'Club', type: 'group' });
    expect(res.json.conversation.members).toHaveLength(2);
    expect((await as(outsider).call(handler, 'GET', `/v1/conversations/${chat.groupId}`)).status).toBe(404);
    expect((await as(owner).call(handler, 'GET', '/v1/conversations/does-not-exist')).status).toBe(404);
  });
});
