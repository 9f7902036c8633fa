import { beforeAll, describe, expect, it } from 'vitest';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { as, openDirect, openGroup } from '../../test/support/chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('PATCH /v1/conversations/{id}', () => {
  beforeAll(async () => {
    await useEmbeddedDeps();
  });

  it('lets the owner rename a group; members and direct conversations cannot', async () => {
    const [owner, member] = [await registerUser('pa'), await registerUser('pb')];
    const group = await openGroup(owner, [member], 'Old');
    expect((await as(owner).call(handler, 'PATCH', `/v1/conversations/${group}`, { title: 'New' })).json.conversation.title).toBe('New');
    expect((await as(member).call(handler, 'PATCH', `/v1/conversations/${group}`, { title: 'Mine' })).status).toBe(403);
    const direct = await openDirect(owner, member);
    expect((await as(owner).call(handler, 'PATCH', `/v1/conversations/${direct}`, { title: 'X' })).status).toBe(400);
  });
});
