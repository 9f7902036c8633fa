import { toMessageView } from '../../domain/chat/message.js';
import type { ChatDeps } from './chat-deps.js';
import { toConversationView } from './views.js';

/** The caller's conversations, most recent activity first, with what a conversation list shows. */
export async function listConversations(
  deps: ChatDeps,
  callerId: string,
  page: { cursor?: string | undefined; limit: number },
  unreadMentions: (userId: string, conversationIds: string[]) => Promise<Map<string, number>> = async () => new Map(),
) {
  const { items, nextCursor } = await deps.conversations.listForUser(callerId, page);
  const ids = items.map((c) => c.id);
  const [latest, mentions] = await Promise.all([deps.messages.latest(ids), unreadMentions(callerId, ids)]);
  return {
    items: items.map((c) => {
      const last = latest.get(c.id);
      const lastSeq = Math.max(c.lastSeq, last?.seq ?? 0);
      return {
        ...toConversationView(c),
        lastSeq,
        lastMessage: last ? toMessageView(last) : null,
        readSeq: c.readSeq,
        unreadCount: Math.max(0, lastSeq - c.readSeq),
        unreadMentions: mentions.get(c.id) ?? 0,
        muted: c.muted,
      };
    }),
    nextCursor,
  };
}
