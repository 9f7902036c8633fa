import type { ConversationWithMembers } from '../../domain/chat/conversation.js';
import type { Message } from '../../domain/chat/message.js';
import type { Job } from '../../domain/jobs/job.js';
import { hasMentions, mayMentionEveryone, parseMentions, resolveMentions } from '../../domain/mentions/mentions.js';
import type { MentionDeps, MentionWorkerDeps } from './mention-deps.js';

/** The members a message mentions (see `resolveMentions`), asking the directory and presence as needed. */
export async function mentionedUsers(
  deps: { mentions: Pick<MentionDeps, 'store' | 'online'> },
  conversation: ConversationWithMembers,
  message: Message,
): Promise<string[]> {
  const parsed = parseMentions(message.deletedAt ? null : message.text);
  if (!hasMentions(parsed)) return [];
  const byUsername = await deps.mentions.store.membersByUsername(conversation.id, parsed.usernames);
  const askPresence = parsed.here && !parsed.all && deps.mentions.online && mayMentionEveryone({ conversation, senderId: message.senderId });
  const online = askPresence ? await deps.mentions.online!(conversation.members.map((m) => m.userId)) : undefined;
  return resolveMentions(parsed, { conversation, senderId: message.senderId, byUsername, online });
}

/**
 * The `mention` job: store who a new message mentions (PostgreSQL rows, the message's `mentions`
 * field) and bump their unread-mention counters. Re-running it is harmless: only newly inserted
 * rows bump a counter, and a retry (which may have died between the two) recounts instead.
 */
export async function mentionWorker(job: Job<'mention'>, deps: MentionWorkerDeps): Promise<void> {
  const { conversationId, seq } = job.payload;
  const [conversation, message] = await Promise.all([deps.chat.conversations.get(conversationId), deps.chat.messages.get(conversationId, seq)]);
  if (!conversation || !message || message.deletedAt) return;
  const userIds = await mentionedUsers(deps, conversation, message);
  if (userIds.length === 0) return;
  const inserted = await deps.mentions.store.record(
    { conversationId, seq, senderId: message.senderId, messageId: message.id, createdAt: message.createdAt },
    userIds,
  );
  await deps.chat.messages.setMentions(conversationId, seq, userIds, deps.chat.clock.now());
  const { counters } = deps.mentions;
  if (job.attempt > 0) {
    await Promise.all(userIds.map((id) => counters.recount(id, conversationId)));
    return;
  }
  const readSeq = new Map(conversation.members.map((m) => [m.userId, m.readSeq]));
  await Promise.all(inserted.filter((id) => (readSeq.get(id) ?? 0) < seq).map((id) => counters.bump(id, conversationId)));
}
