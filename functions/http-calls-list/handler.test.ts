import { describe, expect, it } from 'vitest';
import { callStore } from '@chat/core/wiring/calls';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as startCall } from '../http-calls-start/handler.js';
import { handler as endCall } from '../http-calls-end/handler.js';
import { handler } from './handler.js';

describe('GET /v1/calls', () => {
  const chat = useChat({ users: ['cia', 'cib', 'cix'], direct: true });
  const [alice, bob, outsider] = chat.users;
  const list = (user: typeof alice, query: Record<string, string>) => as(user).call(handler, 'GET', '/v1/calls', undefined, query);

  it("lists a conversation's calls newest first, paged, for members only; and the caller's missed calls", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { json } = await as(alice).call(startCall, 'POST', '/v1/calls', { conversationId: chat.directId, kind: 'audio' });
      ids.push(json.call.id);
      await as(alice).call(endCall, 'POST', `/v1/calls/${json.call.id}/end`);
    }
    const first = await list(bob, { conversationId: chat.directId, limit: '2' });
    expect(first.status).toBe(200);
    expect(first.json.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const second = await list(bob, { conversationId: chat.directId, limit: '2', cursor: first.json.nextCursor });
    expect(second.json).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect((await list(outsider, { conversationId: chat.directId })).status).toBe(404);

    // One that nobody answered in time: the ring sweep ends it as missed.
    const { json } = await as(alice).call(startCall, 'POST', '/v1/calls', { conversationId: chat.directId, kind: 'audio' });
    const store = await chat.deps.wiring.use(callStore);
    await store.sweepRinging(new Date(Date.now() + 1000), new Date());
    expect((await list(bob, { missed: 'true' })).json.items.map((c: { id: string }) => c.id)).toEqual([json.call.id]);
    expect((await list(alice, { missed: 'true' })).json.items).toEqual([]);
  });

  it('needs exactly one of conversationId and missed=true', async () => {
    expect((await list(bob, {})).status).toBe(400);
    expect((await list(bob, { conversationId: chat.directId, missed: 'true' })).status).toBe(400);
    expect((await list(bob, { missed: 'false' })).status).toBe(400);
  });
});
