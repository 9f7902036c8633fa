import { describe, expect, it } from 'vitest';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';
import { handler as addMembers } from '../http-members-add/handler.js';

describe('PATCH /v1/conversations/{id}/members/{userId}', () => {
  const chat = useChat({ users: ['ra', 'rb', 'rc', 'rd', 're'], group: { members: 3 } });
  const [owner, a, b, outsider, stranger] = chat.users;
  const path = (userId: string) => `/v1/conversations/${chat.groupId}/members/${userId}`;

  it('lets the owner make a member an admin, who may then add members, and take it back', async () => {
    expect((await as(a).call(addMembers, 'POST', `/v1/conversations/${chat.groupId}/members`, { userIds: [outsider.id] })).status).toBe(403);
    const promoted = await as(owner).call(handler, 'PATCH', path(a.id), { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.json.conversation.members).toEqual(expect.arrayContaining([expect.objectContaining({ userId: a.id, role: 'admin' })]));
    expect((await as(a).call(addMembers, 'POST', `/v1/conversations/${chat.groupId}/members`, { userIds: [outsider.id] })).status).toBe(200);
    const demoted = await as(owner).call(handler, 'PATCH', path(a.id), { role: 'member' });
    expect(demoted.json.conversation.members).toEqual(expect.arrayContaining([expect.objectContaining({ userId: a.id, role: 'member' })]));
  });

  it("refuses anyone but the owner, the owner's own role, a non-member and an unknown role", async () => {
    expect((await as(a).call(handler, 'PATCH', path(b.id), { role: 'admin' })).status).toBe(403);
    expect((await as(owner).call(handler, 'PATCH', path(owner.id), { role: 'member' })).status).toBe(403);
    expect((await as(owner).call(handler, 'PATCH', path('no-such-user'), { role: 'admin' })).status).toBe(404);
    const bad = await as(owner).call(handler, 'PATCH', path(b.id), { role: 'owner' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation_failed');
    // Not a member (the outsider was added above; the stranger never was): as if there were no group.
    expect((await as(stranger).call(handler, 'PATCH', path(b.id), { role: 'admin' })).status).toBe(404);
  });
});
