import type { RealtimeEvent } from '../../domain/chat/events.js';
import type { ConversationStore } from '../../ports/conversation-store.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { MediaStore } from '../../ports/media-store.js';
import type { MessageStore } from '../../ports/message-store.js';
import type { OutboxStore } from '../../ports/outbox-store.js';
import type { Clock, IdGenerator } from '../../ports/system.js';

/** What the conversation and message use cases need; the wiring (layers/core/src/wiring/) builds it. */
export interface ChatDeps {
  conversations: ConversationStore;
  messages: MessageStore;
  /** Media metadata: a send attaches its media, a delete makes them unreachable. */
  media: MediaStore;
  /**
   * Fans an event out to gateway nodes. Never throws: the change is already stored, and clients
   * that miss the event catch up through resume or sync.
   */
  publish(channel: string, event: RealtimeEvent): Promise<void>;
  /** Background jobs; a new message's jobs are relayed to it from `outbox` right after the send. */
  jobs: JobQueue;
  /**
   * Set in a long-lived process (the gateway): a send answers once its message and jobs are
   * committed and relays the jobs afterwards, so the ack does not wait for RabbitMQ's confirm.
   * Unset in a function, whose instance may be frozen right after it answers; there the relay
   * happens before the reply. Either way a relay that does not happen is the outbox sweep's.
   */
  relayAfterReply?: boolean;
  /** The outbox of `messages` (same store, same data). */
  outbox: OutboxStore;
  clock: Clock;
  ids: IdGenerator;
  /**
   * Bookkeeping after a member's read marker moved forward (the unread-mention counters). A failure
   * is logged, not thrown: the marker itself is stored.
   */
  onRead?: ((conversationId: string, userId: string, readSeq: number) => Promise<void>) | undefined;
  /** Where use cases report failures they recover from (a pino logger fits). */
  log: { warn(details: object, message: string): void };
}
