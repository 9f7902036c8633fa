import type { RealtimeEvent } from '../../domain/chat/events.js';
import type { ConversationStore } from '../../ports/conversation-store.js';
import type { MessageStore } from '../../ports/message-store.js';
import type { Clock, IdGenerator } from '../../ports/system.js';

/** What the conversation and message use cases need; composition.ts builds it. */
export interface ChatDeps {
  conversations: ConversationStore;
  messages: MessageStore;
  /**
   * Fans an event out to gateway nodes. Never throws: the change is already stored, and clients
   * that miss the event catch up through resume or sync.
   */
  publish(channel: string, event: RealtimeEvent): Promise<void>;
  clock: Clock;
  ids: IdGenerator;
}
