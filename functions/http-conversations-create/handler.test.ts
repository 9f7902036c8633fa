import { describe, expect, it } from 'vitest';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

describe('POST /v1/conversations', () => {
  const [a, b, c] = useChat({ users: ['ca', 'cb', 'cc'] }).users;

  it('opens one direct conversation per pair: 201 first, then 200 with the same one from either side', async () => {
    const first = await as(a).call(handler, 'POST', '/v1/conversations', { type: 'direct', userId: b.id });
    expect(first.status).toBe(201);
    expect(first.json.conversation).toMatchObject({ type: 'direct', title: null, lastSeq: 0 });
    const again = await as(b).call(handler, 'POST', '/v1/conversations', { type: 'direct', userId: a.id });
    expect(again.status).toBe(200);
    expect(again.json.conversation.id).toBe(first.json.conversation.id);
  });

  it('creates a group with the caller as owner', async () => {
    const res = await as(a).call(handler, 'POST', '/v1/conversations', { type: 'group', title: ' Trip ', memberIds: [b.id, c.id, b.id] });
    expect(res.status).toBe(201);
    expect(res.json.conversation.title).toBe('Trip');
    expect(res.json.conversation.members).toEqual(
      expect.arrayContaining([
        { userId: a.id, role: 'owner', readSeq: 0 },
        { userId: b.id, role: 'member', readSeq: 0 },
        { userId: c.id, role: 'member', readSeq: 0 },
      ]),
    );
  });

  it('rejects a direct conversation with yourself, unknown users and bad bodies', async () => {
    expect((await as(a).call(handler, 'POST', '/v1/conversations', { type: 'direct', userId: a.id })).status).toBe(400);
    expect((await as(a).call(handler, 'POST', '/v1/conversations', { type: 'direct', userId: 'nobody' })).status).toBe(400);
    expect((await as(a).call(handler, 'POST', '/v1/conversations', { type: 'group', title: '', memberIds: [] })).status).toBe(400);
    expect((await as(a).call(handler, 'POST', '/v1/conversations', { type: 'channel' })).status).toBe(400);
  });
});
