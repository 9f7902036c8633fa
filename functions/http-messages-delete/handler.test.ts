import { describe, expect, it } from 'vitest';
import { as, openDirect, openGroup, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';
import { handler as history } from '../http-messages-list/handler.js';

describe('DELETE /v1/conversations/{id}/messages/{seq}', () => {
  const [owner, a, b] = useChat({ users: ['do', 'da', 'db'] }).users;

  it('leaves a tombstone that history still shows at its seq', async () => {
    const group = await openGroup(owner, [a, b]);
    const sent = await send(a, group, { text: 'oops' });
    const res = await as(a).call(handler, 'DELETE', `/v1/conversations/${group}/messages/1`);
    expect(res.status).toBe(200);
    expect(res.json.message).toMatchObject({ seq: 1, text: null, attachments: [], deletedAt: expect.any(String), id: sent.json.message.id });
    const page = await as(b).call(history, 'GET', `/v1/conversations/${group}/messages`);
    expect(page.json.items).toEqual([expect.objectContaining({ seq: 1, text: null })]);
  });

  it("lets a group admin delete others' messages, but not members, and not in direct conversations", async () => {
    const group = await openGroup(owner, [a, b]);
    await send(a, group);
    expect((await as(b).call(handler, 'DELETE', `/v1/conversations/${group}/messages/1`)).status).toBe(403);
    expect((await as(owner).call(handler, 'DELETE', `/v1/conversations/${group}/messages/1`)).status).toBe(200);
    const direct = await openDirect(a, b);
    await send(a, direct);
    expect((await as(b).call(handler, 'DELETE', `/v1/conversations/${direct}/messages/1`)).status).toBe(403);
  });
});
