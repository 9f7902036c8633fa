import type { MentionStore } from '../../ports/mention-store.js';
import type { ChatDeps } from '../chat/chat-deps.js';
import type { UnreadMentionCounters } from './unread-counters.js';

/** What the mention use cases need besides the chat stores; the wiring (layers/core/src/wiring/) builds it. */
export interface MentionDeps {
  store: MentionStore;
  counters: UnreadMentionCounters;
  /**
   * Which of these users have a live connection (for `@here`). Undefined where presence cannot be
   * asked (the embedded local cloud keeps presence inside its gateway nodes): `@here` then
   * reaches every member, like `@all`.
   */
  online?: ((userIds: string[]) => Promise<Set<string>>) | undefined;
}

export interface MentionWorkerDeps {
  chat: Pick<ChatDeps, 'conversations' | 'messages' | 'clock'>;
  mentions: MentionDeps;
}
