import { describe, expect, it } from 'vitest';
import { as, openGroup, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';
import { handler as edit } from '../http-messages-edit/handler.js';
import { handler as removeMember } from '../http-members-remove/handler.js';

describe('GET /v1/sync', () => {
  useChat();

  it('returns what changed since the cursor: new and edited messages, read markers, membership', async () => {
    const [owner, me] = [await registerUser('ya'), await registerUser('yb')];
    const start = await as(me).call(handler, 'GET', '/v1/sync');
    expect(start.json).toMatchObject({ messages: [], cursor: expect.any(String) });
    const group = await openGroup(owner, [me]);
    await send(owner, group, { text: 'while you were away' });
    await as(owner).call(edit, 'PATCH', `/v1/conversations/${group}/messages/1`, { text: 'edited while away' });
    const changes = await as(me).call(handler, 'GET', '/v1/sync', undefined, { cursor: start.json.cursor });
    expect(changes.status).toBe(200);
    expect(changes.json.messages).toEqual([expect.objectContaining({ conversationId: group, seq: 1, text: 'edited while away' })]);
    expect(changes.json.memberships).toEqual([expect.objectContaining({ conversationId: group, userId: me.id, action: 'added' })]);
    expect(changes.json.readMarkers).toContainEqual({ conversationId: group, userId: owner.id, seq: 1 });
    await as(owner).call(removeMember, 'DELETE', `/v1/conversations/${group}/members/${me.id}`);
    const later = await as(me).call(handler, 'GET', '/v1/sync', undefined, { cursor: changes.json.cursor });
    expect(later.json.memberships).toContainEqual(expect.objectContaining({ conversationId: group, action: 'removed' }));
  });

  it('rejects a cursor it did not issue', async () => {
    const me = await registerUser('yc');
    expect((await as(me).call(handler, 'GET', '/v1/sync', undefined, { cursor: 'bogus' })).status).toBe(400);
  });
});
