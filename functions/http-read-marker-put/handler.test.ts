import { beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import { as, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser, type TestUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('PUT /v1/conversations/{id}/read', () => {
  const chat = useChat({ users: ['ka', 'kb'], direct: true });
  const [a, b] = chat.users;
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) await send(a, chat.directId);
  });

  const read = (user: TestUser, seq: number) => as(user).call(handler, 'PUT', `/v1/conversations/${chat.directId}/read`, { seq });

  it('moves forward, never backwards, is capped at the last message, and tells the members', async () => {
    const events: RealtimeEvent[] = [];
    await chat.deps.bus.subscribe(`conv:${chat.directId}`, (e) => events.push(e));
    expect((await read(b, 3)).json).toEqual({ conversationId: chat.directId, seq: 3 });
    expect((await read(b, 2)).json.seq).toBe(3);
    expect((await read(b, 99)).json.seq).toBe(5);
    await new Promise((r) => setTimeout(r, 20));
    expect(events.map((e) => (e.type === 'read' ? e.seq : -1))).toEqual([3, 5]);
    expect(events[0]).toMatchObject({ type: 'read', userId: b.id, recipients: expect.arrayContaining([a.id, b.id]) });
  });

  it("counts the sender's own messages as read", async () => {
    expect((await read(a, 0)).json.seq).toBe(5);
  });

  it('refuses non-members and negative seqs', async () => {
    const outsider = await registerUser('kx');
    expect((await read(outsider, 1)).status).toBe(404);
    expect((await read(a, -1)).status).toBe(400);
  });
});
