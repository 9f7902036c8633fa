import { beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../test/support/deps.js';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { as, openGroup, send } from '../../test/support/chat.js';
import { registerUser, type TestUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('PATCH /v1/conversations/{id}/messages/{seq}', () => {
  let deps: Deps;
  let owner: TestUser;
  let author: TestUser;
  let group: string;
  beforeAll(async () => {
    deps = await useEmbeddedDeps();
    [owner, author] = [await registerUser('eo'), await registerUser('ea')];
    group = await openGroup(owner, [author]);
  });

  it('lets the author edit, keeping the seq and the previous text in the history', async () => {
    const sent = await send(author, group, { text: 'teh typo' });
    const res = await as(author).call(handler, 'PATCH', `/v1/conversations/${group}/messages/${sent.json.message.seq}`, { text: 'the typo' });
    expect(res.status).toBe(200);
    expect(res.json.message).toMatchObject({ seq: sent.json.message.seq, text: 'the typo', editedAt: expect.any(String) });
    expect((await deps.chat.messages.get(group, sent.json.message.seq))?.edits.map((e) => e.text)).toEqual(['teh typo']);
  });

  it('refuses everyone else, even the group owner, and unknown seqs', async () => {
    const sent = await send(author, group, { text: 'mine' });
    expect((await as(owner).call(handler, 'PATCH', `/v1/conversations/${group}/messages/${sent.json.message.seq}`, { text: 'hijack' })).status).toBe(403);
    expect((await as(author).call(handler, 'PATCH', `/v1/conversations/${group}/messages/9999`, { text: 'x' })).status).toBe(404);
    expect((await as(author).call(handler, 'PATCH', `/v1/conversations/${group}/messages/${sent.json.message.seq}`, { text: 'y'.repeat(4001) })).status).toBe(
      400,
    );
  });
});
