import { noReplyTarget, notAMember } from '../domain/chat/send-errors.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { Message } from '../domain/chat/message.js';
import type { JobsFor, MessageStore, NewMessage, Sent } from '../ports/message-store.js';

/** The message store side: `append` and `get`, plus the stored message of a repeated send key. */
export type SendMessages = Pick<MessageStore, 'append' | 'get'> & { repeatOf(input: NewMessage): Promise<Message | undefined> };

/** The part of a ConversationStore a send touches. */
export type SendConversations = Pick<ConversationStore, 'member' | 'memberIds' | 'recordActivity' | 'advanceRead'>;

/**
 * `MessageStore.send` for adapters whose conversations live in another database (MongoDB and
 * memory beside SQL conversations): the same checks and effects as the SQL statement, as separate
 * calls. Seq order and idempotency stay the message store's (`append`); the conversation side is
 * monotonic (GREATEST), so a repeat or a reordering of these calls never moves anything back.
 */
export async function sendThroughConversations(
  conversations: SendConversations | undefined,
  store: SendMessages,
  input: NewMessage,
  jobsFor?: JobsFor,
): Promise<Sent> {
  if (!conversations) throw new Error('this message store was built without a ConversationStore, so it cannot send');
  const { conversationId, senderId } = input;
  if (!(await conversations.member(conversationId, senderId))) throw notAMember();
  if (input.replyToSeq !== null && !(await store.get(conversationId, input.replyToSeq))) {
    // A repeat is answered with its original whatever it now says, as by `append`.
    const original = await store.repeatOf(input);
    if (!original) throw noReplyTarget();
    return { message: original, created: false, outbox: [], recipients: await conversations.memberIds(conversationId) };
  }
  const appended = await store.append(input, jobsFor);
  const { message } = appended;
  await conversations.recordActivity(conversationId, message.seq, message.createdAt);
  await conversations.advanceRead(conversationId, senderId, message.seq, message.createdAt);
  return { ...appended, recipients: await conversations.memberIds(conversationId) };
}
