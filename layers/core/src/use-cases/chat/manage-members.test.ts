import { beforeEach, describe, expect, it } from 'vitest';
import { useUseCaseDeps } from '../../../../../test/support/use-case-deps.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { createConversation } from './create-conversation.js';
import { addMembers, removeMember, renameConversation } from './manage-members.js';

// Who may change a group: the role rules of manage-members, called directly.
describe('chat use cases: group membership and roles', () => {
  const d = useUseCaseDeps();
  let owner: string, admin: string, member: string, other: string, extra: string, group: string;

  // A fresh group per test: the rules remove people.
  beforeEach(async () => {
    [owner, admin, member, other, extra] = [await d.user('o'), await d.user('a'), await d.user('m'), await d.user('x'), await d.user('e')];
    group = (await createConversation(d.chat, owner, { type: 'group', title: ' Team ', memberIds: [member, owner, member] })).conversation.id;
    await d.chat.conversations.addMembers(group, [admin], 'admin', d.clock.now());
  });
  const roles = async () => Object.fromEntries((await d.chat.conversations.get(group))!.members.map((m) => [m.userId, m.role]));

  it('creates a group with the caller as its only owner, members deduplicated and the title trimmed', async () => {
    expect(await roles()).toEqual({ [owner]: 'owner', [admin]: 'admin', [member]: 'member' });
    expect((await d.chat.conversations.get(group))!.title).toBe('Team');
  });

  it('lets owners and admins add members, not plain members nor outsiders, and reports only the new ones', async () => {
    await expect(addMembers(d.chat, member, group, [other])).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addMembers(d.chat, other, group, [other])).rejects.toBeInstanceOf(NotFoundError);
    expect((await addMembers(d.chat, admin, group, [other, member])).added).toEqual([other]);
    expect((await addMembers(d.chat, owner, group, [extra])).added).toEqual([extra]);
    expect((await roles())[other]).toBe('member');
  });

  it('lets the owner remove anyone but themselves, an admin only members, and anyone leave', async () => {
    await d.chat.conversations.addMembers(group, [other], 'admin', d.clock.now());
    await expect(removeMember(d.chat, member, group, admin)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(d.chat, admin, group, other)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(d.chat, admin, group, owner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(d.chat, owner, group, owner)).rejects.toThrow('The owner cannot be removed');
    await expect(removeMember(d.chat, owner, group, extra)).rejects.toBeInstanceOf(NotFoundError);
    await removeMember(d.chat, admin, group, member);
    await removeMember(d.chat, owner, group, other);
    await removeMember(d.chat, admin, group, admin);
    expect(await roles()).toEqual({ [owner]: 'owner' });
  });

  it('tells the removed member on their own channel, with the conversation, and the rest on the conversation channel', async () => {
    d.published.length = 0;
    await removeMember(d.chat, owner, group, member);
    expect(d.published.map((p) => [p.channel, p.event.type])).toEqual([
      [`user:${member}`, 'membership'],
      [`conv:${group}`, 'conversation.updated'],
    ]);
    expect(d.published[1]!.event).toMatchObject({ recipients: expect.not.arrayContaining([member]) });
  });

  it('lets owners and admins rename a group, never a direct conversation', async () => {
    await expect(renameConversation(d.chat, member, group, 'Mine')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(renameConversation(d.chat, admin, group, '   ')).rejects.toBeInstanceOf(ValidationError);
    expect((await renameConversation(d.chat, admin, group, ' Climbing ')).title).toBe('Climbing');
    const direct = (await createConversation(d.chat, owner, { type: 'direct', userId: member })).conversation.id;
    await expect(renameConversation(d.chat, owner, direct, 'Us')).rejects.toBeInstanceOf(ValidationError);
    await expect(addMembers(d.chat, owner, direct, [other])).rejects.toBeInstanceOf(ValidationError);
    await expect(createConversation(d.chat, owner, { type: 'direct', userId: owner })).rejects.toBeInstanceOf(ValidationError);
  });
});
