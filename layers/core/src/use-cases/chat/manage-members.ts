import { canChangeRole, canManageMembers, canRemove, MAX_GROUP_MEMBERS, MAX_TITLE_LENGTH, type Role } from '../../domain/chat/conversation.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { ChatDeps } from './chat-deps.js';
import { requireConversation } from './access.js';
import { announceMembership } from './notify.js';
import { toConversationView } from './views.js';

export async function getConversation(deps: ChatDeps, callerId: string, conversationId: string) {
  return toConversationView(await requireConversation(deps, conversationId, callerId));
}

export async function addMembers(deps: ChatDeps, callerId: string, conversationId: string, userIds: string[]) {
  const conversation = await requireConversation(deps, conversationId, callerId);
  if (conversation.type !== 'group') throw new ValidationError('Direct conversations have exactly two members');
  const role = conversation.members.find((m) => m.userId === callerId)?.role;
  if (!canManageMembers(role)) throw new ForbiddenError('Only the owner or an admin can add members');
  if (conversation.members.length + userIds.length > MAX_GROUP_MEMBERS) throw new ValidationError(`A group has at most ${MAX_GROUP_MEMBERS} members`);
  const added = await deps.conversations.addMembers(conversationId, userIds, 'member', deps.clock.now());
  const updated = (await deps.conversations.get(conversationId))!;
  if (added.length > 0) await announceMembership(deps, updated, { added });
  return { conversation: toConversationView(updated), added };
}

export async function removeMember(deps: ChatDeps, callerId: string, conversationId: string, userId: string) {
  const conversation = await requireConversation(deps, conversationId, callerId);
  if (conversation.type !== 'group') throw new ValidationError('Members cannot be removed from a direct conversation');
  const target = conversation.members.find((m) => m.userId === userId);
  if (!target) throw new NotFoundError('Member');
  const role = conversation.members.find((m) => m.userId === callerId)?.role;
  if (!canRemove(role, callerId, target))
    throw new ForbiddenError(target.role === 'owner' ? 'The owner cannot be removed' : 'Not allowed to remove this member');
  await deps.conversations.removeMember(conversationId, userId, deps.clock.now());
  const updated = (await deps.conversations.get(conversationId))!;
  await announceMembership(deps, updated, { removed: [userId] });
}

/** The owner makes a member an admin, or an admin a member again; the members are told. */
export async function changeMemberRole(deps: ChatDeps, callerId: string, conversationId: string, userId: string, role: Exclude<Role, 'owner'>) {
  const conversation = await requireConversation(deps, conversationId, callerId);
  if (conversation.type !== 'group') throw new ValidationError('Direct conversations have no roles');
  const target = conversation.members.find((m) => m.userId === userId);
  if (!target) throw new NotFoundError('Member');
  const actor = conversation.members.find((m) => m.userId === callerId)?.role;
  if (!canChangeRole(actor, target)) throw new ForbiddenError(target.role === 'owner' ? "The owner's role cannot change" : 'Only the owner can change roles');
  if (target.role === role) return toConversationView(conversation);
  await deps.conversations.setRole(conversationId, userId, role);
  const updated = (await deps.conversations.get(conversationId))!;
  await announceMembership(deps, updated, {});
  return toConversationView(updated);
}

export async function renameConversation(deps: ChatDeps, callerId: string, conversationId: string, title: string) {
  const conversation = await requireConversation(deps, conversationId, callerId);
  if (conversation.type !== 'group') throw new ValidationError('Direct conversations have no title');
  const role = conversation.members.find((m) => m.userId === callerId)?.role;
  if (!canManageMembers(role)) throw new ForbiddenError('Only the owner or an admin can rename the group');
  const clean = title.trim();
  if (!clean || clean.length > MAX_TITLE_LENGTH) throw new ValidationError('Invalid title', [{ field: 'title', issue: `1-${MAX_TITLE_LENGTH} characters` }]);
  await deps.conversations.updateTitle(conversationId, clean, deps.clock.now());
  const updated = (await deps.conversations.get(conversationId))!;
  await announceMembership(deps, updated, {});
  return toConversationView(updated);
}
