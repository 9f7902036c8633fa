import { describe, expect, it } from 'vitest';
import { as, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';
import { handler as history } from '../http-messages-list/handler.js';

describe('DELETE /v1/conversations/{id}/members/{userId}', () => {
  const chat = useChat({ users: ['xa', 'xb', 'xc'], group: true });
  const [owner, a, b] = chat.users;

  it('removes a member, who then loses access; members can leave; the owner cannot be removed', async () => {
    expect((await as(a).call(handler, 'DELETE', `/v1/conversations/${chat.groupId}/members/${b.id}`)).status).toBe(403);
    expect((await as(owner).call(handler, 'DELETE', `/v1/conversations/${chat.groupId}/members/${a.id}`)).status).toBe(204);
    expect((await send(a, chat.groupId)).status).toBe(404);
    expect((await as(a).call(history, 'GET', `/v1/conversations/${chat.groupId}/messages`)).status).toBe(404);
    expect((await as(b).call(handler, 'DELETE', `/v1/conversations/${chat.groupId}/members/${b.id}`)).status).toBe(204);
    expect((await as(owner).call(handler, 'DELETE', `/v1/conversations/${chat.groupId}/members/${owner.id}`)).status).toBe(403);
  });
});
