import { beforeAll, describe, expect, it } from 'vitest';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { as, openGroup } from '../../test/support/chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('GET /v1/conversations/{id}', () => {
  beforeAll(async () => {
    await useEmbeddedDeps();
  });

  it('shows members the conversation and everyone else a 404', async () => {
    const [owner, member, outsider] = [await registerUser('ga'), await registerUser('gb'), await registerUser('gx')];
    const group = await openGroup(owner, [member], 'Club');
    const res = await as(member).call(handler, 'GET', `/v1/conversations/${group}`);
    expect(res.json.conversation).toMatchObject({ id: group, title: 'Club', type: 'group' });
    expect(res.json.conversation.members).toHaveLength(2);
    expect((await as(outsider).call(handler, 'GET', `/v1/conversations/${group}`)).status).toBe(404);
    expect((await as(owner).call(handler, 'GET', '/v1/conversations/does-not-exist')).status).toBe(404);
  });
});
