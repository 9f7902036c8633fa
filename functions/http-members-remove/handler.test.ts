import { beforeAll, describe, expect, it } from 'vitest';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { as, openGroup, send } from '../../test/support/chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';
import { handler as history } from '../http-messages-list/handler.js';

describe('DELETE /v1/conversations/{id}/members/{userId}', () => {
  beforeAll(async () => {
    await useEmbeddedDeps();
  });

  it('removes a member, who then loses access; members can leave; the owner cannot be removed', async () => {
    const [owner, a, b] = [await registerUser('xa'), await registerUser('xb'), await registerUser('xc')];
    const group = await openGroup(owner, [a, b]);
    expect((await as(a).call(handler, 'DELETE', `/v1/conversations/${group}/members/${b.id}`)).status).toBe(403);
    expect((await as(owner).call(handler, 'DELETE', `/v1/conversations/${group}/members/${a.id}`)).status).toBe(204);
    expect((await send(a, group)).status).toBe(404);
    expect((await as(a).call(history, 'GET', `/v1/conversations/${group}/messages`)).status).toBe(404);
    expect((await as(b).call(handler, 'DELETE', `/v1/conversations/${group}/members/${b.id}`)).status).toBe(204);
    expect((await as(owner).call(handler, 'DELETE', `/v1/conversations/${group}/members/${owner.id}`)).status).toBe(403);
  });
});
