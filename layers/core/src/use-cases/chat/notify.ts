import type { ConversationWithMembers } from '../../domain/chat/conversation.js';
import { conversationChannel, userChannel } from '../../ports/realtime-bus.js';
import type { ChatDeps } from './chat-deps.js';
import { toConversationView } from './views.js';

/** Tells live connections about membership changes: the affected users first, then everyone left. */
export async function announceMembership(
  deps: ChatDeps,
  conversation: ConversationWithMembers,
  changes: { added?: string[]; removed?: string[] },
): Promise<void> {
  const lastSeq = conversation.lastSeq;
  const view = toConversationView(conversation);
  const events = [
    ...(changes.added ?? []).map((userId) =>
      deps.publish(userChannel(userId), { type: 'membership', conversationId: conversation.id, userId, action: 'added', lastSeq, conversation: view }),
    ),
    ...(changes.removed ?? []).map((userId) =>
      deps.publish(userChannel(userId), { type: 'membership', conversationId: conversation.id, userId, action: 'removed', lastSeq, conversation: view }),
    ),
  ];
  await Promise.all(events);
  await deps.publish(conversationChannel(conversation.id), {
    type: 'conversation.updated',
    conversation: view,
    recipients: conversation.members.map((m) => m.userId),
  });
}
