import { beforeAll, describe, expect, it } from 'vitest';
import { as, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';
import { handler as unreact } from '../http-reactions-delete/handler.js';

describe('PUT/DELETE /v1/conversations/{id}/messages/{seq}/reactions/{emoji}', () => {
  const chat = useChat({ users: ['ra', 'rb'], direct: true });
  const [a, b] = chat.users;
  beforeAll(async () => {
    await send(a, chat.directId);
  });

  it('adds reactions idempotently per user and takes them back', async () => {
    const path = `/v1/conversations/${chat.directId}/messages/1/reactions/👍`;
    await as(a).call(handler, 'PUT', path);
    await as(a).call(handler, 'PUT', path);
    const both = await as(b).call(handler, 'PUT', path);
    expect(both.json.message.reactions).toEqual({ '👍': [a.id, b.id] });
    const after = await as(a).call(unreact, 'DELETE', path);
    expect(after.json.message.reactions).toEqual({ '👍': [b.id] });
  });

  it('refuses non-members and missing messages', async () => {
    const outsider = await registerUser('rx');
    expect((await as(outsider).call(handler, 'PUT', `/v1/conversations/${chat.directId}/messages/1/reactions/x`)).status).toBe(404);
    expect((await as(a).call(handler, 'PUT', `/v1/conversations/${chat.directId}/messages/99/reactions/x`)).status).toBe(404);
  });
});
