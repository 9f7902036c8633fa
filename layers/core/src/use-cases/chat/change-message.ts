import { canManageMembers } from '../../domain/chat/conversation.js';
import { MAX_TEXT_LENGTH, toMessageView, type Message } from '../../domain/chat/message.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { conversationChannel } from '../../ports/realtime-bus.js';
import type { ChatDeps } from './chat-deps.js';
import { requireMember } from './access.js';

async function existing(deps: ChatDeps, conversationId: string, seq: number): Promise<Message> {
  const message = await deps.messages.get(conversationId, seq);
  if (!message) throw new NotFoundError('Message');
  return message;
}

async function announce(deps: ChatDeps, message: Message | undefined) {
  if (!message) throw new NotFoundError('Message');
  const view = toMessageView(message);
  const recipients = await deps.conversations.memberIds(message.conversationId);
  await deps.publish(conversationChannel(message.conversationId), { type: 'message.updated', message: view, recipients });
  return view;
}

/** Only the author edits; the previous text is kept in the message's edit history. */
export async function editMessage(deps: ChatDeps, callerId: string, conversationId: string, seq: number, text: string) {
  await requireMember(deps, conversationId, callerId);
  const message = await existing(deps, conversationId, seq);
  if (message.senderId !== callerId) throw new ForbiddenError('Only the author can edit a message');
  if (message.deletedAt) throw new ValidationError('A deleted message cannot be edited');
  if (text.trim() === '' || [...text].length > MAX_TEXT_LENGTH)
    throw new ValidationError('Invalid text', [{ field: 'text', issue: `1-${MAX_TEXT_LENGTH} characters` }]);
  return announce(deps, await deps.messages.edit(conversationId, seq, text, deps.clock.now()));
}

/** The author, or an owner/admin of a group, deletes; a tombstone keeps the seq. */
export async function deleteMessage(deps: ChatDeps, callerId: string, conversationId: string, seq: number) {
  const member = await requireMember(deps, conversationId, callerId);
  const message = await existing(deps, conversationId, seq);
  const conversation = await deps.conversations.get(conversationId);
  const moderator = conversation?.type === 'group' && canManageMembers(member.role);
  if (message.senderId !== callerId && !moderator) throw new ForbiddenError('Only the author or a group admin can delete a message');
  if (message.deletedAt) return toMessageView(message);
  const deleted = await deps.messages.markDeleted(conversationId, seq, deps.clock.now());
  // After the message: a failure here leaves media reachable to members, never a message without them.
  if (message.attachments.length > 0)
    await deps.media.detachMessage({ conversationId, senderId: message.senderId, clientMsgId: message.clientMsgId }, deps.clock.now());
  return announce(deps, deleted);
}

export async function setReaction(deps: ChatDeps, callerId: string, conversationId: string, seq: number, emoji: string, present: boolean) {
  await requireMember(deps, conversationId, callerId);
  const message = await existing(deps, conversationId, seq);
  if (message.deletedAt) throw new ValidationError('A deleted message cannot get reactions');
  return announce(deps, await deps.messages.setReaction(conversationId, seq, emoji, callerId, present, deps.clock.now()));
}
