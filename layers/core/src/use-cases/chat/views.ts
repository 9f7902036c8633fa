import type { Conversation, ConversationWithMembers } from '../../domain/chat/conversation.js';
import type { ConversationView } from '../../domain/chat/events.js';

export function toConversationView(c: Conversation | ConversationWithMembers): ConversationView {
  return {
    id: c.id,
    type: c.type,
    title: c.title,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    lastSeq: c.lastSeq,
    lastActivityAt: c.lastActivityAt.toISOString(),
    ...('members' in c ? { members: c.members.map((m) => ({ userId: m.userId, role: m.role, readSeq: m.readSeq })) } : {}),
  };
}
