import { describe, expect, it } from 'vitest';
import { as, openDirect, openGroup, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';
import { handler as read } from '../http-read-marker-put/handler.js';

describe('GET /v1/conversations', () => {
  const [me, friend] = useChat({ users: ['la', 'lb'] }).users;

  it('lists most recent activity first with lastMessage, lastSeq, unreadCount and unreadMentions', async () => {
    const direct = await openDirect(me, friend);
    const group = await openGroup(friend, [me], 'G');
    await send(friend, direct, { text: 'one' });
    await send(friend, direct, { text: 'two' });
    await send(friend, group, { text: 'newest' });
    await as(me).call(read, 'PUT', `/v1/conversations/${direct}/read`, { seq: 1 });
    const res = await as(me).call(handler, 'GET', '/v1/conversations');
    expect(res.status).toBe(200);
    expect(res.json.items.map((c: { id: string }) => c.id)).toEqual([group, direct]);
    expect(res.json.items[0]).toMatchObject({ lastSeq: 1, unreadCount: 1, unreadMentions: 0, lastMessage: { text: 'newest' } });
    expect(res.json.items[1]).toMatchObject({ lastSeq: 2, readSeq: 1, unreadCount: 1, lastMessage: { text: 'two' } });
    expect(res.json.nextCursor).toBeNull();
  });

  it('pages with a cursor and rejects a forged one', async () => {
    const user = await registerUser('lc');
    for (let i = 0; i < 3; i++) await openDirect(user, await registerUser('ld'));
    const first = await as(user).call(handler, 'GET', '/v1/conversations', undefined, { limit: '2' });
    expect(first.json.items).toHaveLength(2);
    const second = await as(user).call(handler, 'GET', '/v1/conversations', undefined, { limit: '2', cursor: first.json.nextCursor });
    expect(second.json.items).toHaveLength(1);
    expect((await as(user).call(handler, 'GET', '/v1/conversations', undefined, { cursor: 'nope' })).status).toBe(400);
  });
});
