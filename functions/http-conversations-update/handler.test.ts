import { describe, expect, it } from 'vitest';
import { as, openDirect } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

describe('PATCH /v1/conversations/{id}', () => {
  const chat = useChat({ users: ['pa', 'pb'], group: { title: 'Old' } });
  const [owner, member] = chat.users;

  it('lets the owner rename a group; members and direct conversations cannot', async () => {
    expect((await as(owner).call(handler, 'PATCH', `/v1/conversations/${chat.groupId}`, { title: 'New' })).json.conversation.title).toBe('New');
    expect((await as(member).call(handler, 'PATCH', `/v1/conversations/${chat.groupId}`, { title: 'Mine' })).status).toBe(403);
    const direct = await openDirect(owner, member);
    expect((await as(owner).call(handler, 'PATCH', `/v1/conversations/${direct}`, { title: 'X' })).status).toBe(400);
  });
});
