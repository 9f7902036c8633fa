import type { Message } from '../domain/chat/message.js';
import type { CallTimelineContent } from '../domain/calls/call.js';
import { deleteMessage, editMessage, mentionInMessage, reactToMessage, recordCallInMessage } from '../domain/chat/message-changes.js';
import type { MessageStore } from '../ports/message-store.js';

type Changes = Pick<MessageStore, 'edit' | 'markDeleted' | 'setReaction' | 'setMentions' | 'setCall'>;

/**
 * The message changes for stores that compute a change in code (the pure functions of
 * domain/chat/message-changes.ts) and write the result back their own way: memory in place, MongoDB
 * by compare-and-set. SQL stores express the changes as statements instead and do not use this.
 */
export abstract class ComputedMessageChanges implements Changes {
  /** Applies `apply` to the stored message and returns the result; `undefined` if there is none. */
  protected abstract change(conversationId: string, seq: number, at: Date, apply: (m: Message) => Message): Promise<Message | undefined>;

  edit(conversationId: string, seq: number, text: string, at: Date): Promise<Message | undefined> {
    return this.change(conversationId, seq, at, (m) => editMessage(m, text, at));
  }

  markDeleted(conversationId: string, seq: number, at: Date): Promise<Message | undefined> {
    return this.change(conversationId, seq, at, (m) => deleteMessage(m, at));
  }

  setReaction(conversationId: string, seq: number, emoji: string, userId: string, present: boolean, at: Date): Promise<Message | undefined> {
    return this.change(conversationId, seq, at, (m) => reactToMessage(m, emoji, userId, present));
  }

  setMentions(conversationId: string, seq: number, userIds: readonly string[], at: Date): Promise<Message | undefined> {
    return this.change(conversationId, seq, at, (m) => mentionInMessage(m, userIds));
  }

  setCall(conversationId: string, seq: number, call: CallTimelineContent, at: Date): Promise<Message | undefined> {
    return this.change(conversationId, seq, at, (m) => recordCallInMessage(m, call));
  }
}
