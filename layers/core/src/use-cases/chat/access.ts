import type { ConversationWithMembers, Member } from '../../domain/chat/conversation.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ChatDeps } from './chat-deps.js';

/**
 * The caller's membership, or 404. Non-members learn nothing, not even that the conversation
 * exists, so ids cannot be probed.
 */
export async function requireMember(deps: Pick<ChatDeps, 'conversations'>, conversationId: string, userId: string): Promise<Member> {
  const member = await deps.conversations.member(conversationId, userId);
  if (!member) throw new NotFoundError('Conversation');
  return member;
}

export async function requireConversation(deps: Pick<ChatDeps, 'conversations'>, conversationId: string, userId: string): Promise<ConversationWithMembers> {
  const conversation = await deps.conversations.get(conversationId);
  if (!conversation || !conversation.members.some((m) => m.userId === userId)) throw new NotFoundError('Conversation');
  return conversation;
}
