import { describe, expect, it } from 'vitest';
import { as, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

describe('PATCH /v1/conversations/{id}/messages/{seq}', () => {
  const chat = useChat({ users: ['eo', 'ea'], group: true });
  const [owner, author] = chat.users;

  it('lets the author edit, keeping the seq and the previous text in the history', async () => {
    const sent = await send(author, chat.groupId, { text: 'teh typo' });
    const res = await as(author).call(handler, 'PATCH', `/v1/conversations/${chat.groupId}/messages/${sent.json.message.seq}`, { text: 'the typo' });
    expect(res.status).toBe(200);
    expect(res.json.message).toMatchObject({ seq: sent.json.message.seq, text: 'the typo', editedAt: expect.any(String) });
    expect((await chat.deps.chat.messages.get(chat.groupId, sent.json.message.seq))?.edits.map((e) => e.text)).toEqual(['teh typo']);
  });

  it('refuses everyone else, even the group owner, and unknown seqs', async () => {
    const sent = await send(author, chat.groupId, { text: 'mine' });
    expect((await as(owner).call(handler, 'PATCH', `/v1/conversations/${chat.groupId}/messages/${sent.json.message.seq}`, { text: 'hijack' })).status).toBe(
      403,
    );
    expect((await as(author).call(handler, 'PATCH', `/v1/conversations/${chat.groupId}/messages/9999`, { text: 'x' })).status).toBe(404);
    expect(
      (await as(author).call(handler, 'PATCH', `/v1/conversations/${chat.groupId}/messages/${sent.json.message.seq}`, { text: 'y'.repeat(4001) })).status,
    ).toBe(400);
  });
});
