import { beforeAll, describe, expect, it } from 'vitest';
import { as, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser, type TestUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('GET /v1/conversations/{id}/messages', () => {
  const chat = useChat({ users: ['ha', 'hb'], direct: true });
  const [a, b] = chat.users;
  beforeAll(async () => {
    for (let i = 0; i < 12; i++) await send(i % 2 ? a : b, chat.directId);
  });

  const page = (user: TestUser, query: Record<string, string>) =>
    as(user).call(handler, 'GET', `/v1/conversations/${chat.directId}/messages`, undefined, query);

  it('pages backwards from the newest and forwards from a seq, always in seq order', async () => {
    const newest = await page(a, { limit: '5' });
    expect(newest.json.items.map((m: { seq: number }) => m.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(newest.json.hasMore).toBe(true);
    const older = await page(a, { beforeSeq: '8', limit: '5' });
    expect(older.json.items.map((m: { seq: number }) => m.seq)).toEqual([3, 4, 5, 6, 7]);
    const after = await page(b, { afterSeq: '10', limit: '5' });
    expect(after.json).toMatchObject({ hasMore: false });
    expect(after.json.items.map((m: { seq: number }) => m.seq)).toEqual([11, 12]);
  });

  it('validates the query', async () => {
    for (const query of [{ limit: '0' }, { limit: '500' }, { beforeSeq: 'x' }, { beforeSeq: '3', afterSeq: '1' }] as Record<string, string>[])
      expect((await page(a, query)).status).toBe(400);
  });

  it('hides the history from non-members', async () => {
    const outsider = await registerUser('hx');
    expect((await page(outsider, {})).status).toBe(404);
  });
});
