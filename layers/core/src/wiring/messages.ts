import { systemClock } from '../adapters/node-crypto/system.js';
import { SqlMessageStore } from '../adapters/sql/message-store.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { MessageStore } from '../ports/message-store.js';
import type { OutboxStore } from '../ports/outbox-store.js';
import type { Clock } from '../ports/system.js';
import { sqlDatabase } from './sql.js';
import { conversationStore } from './stores.js';
import { feature } from './wiring.js';

export interface MessageStorage {
  store: MessageStore;
  /** The job outbox written in the same step as a message (same store, same data). */
  outbox: OutboxStore;
  close(): Promise<void>;
}

/** Message history: MongoDB with MONGODB_URL, otherwise PostgreSQL beside everything else. */
export const messageStorage = feature<MessageStorage>(
  'messages',
  async ({ config, use }) => {
    if (!config.mongodb.url) {
      // Half the pool for send batches: more in flight only splits the same load into smaller
      // batches that queue on the same counter locks, and reads need connections too.
      const store = new SqlMessageStore(await use(sqlDatabase), { sendBatches: Math.max(1, Math.floor(config.database.poolSize / 2)) });
      return { store, outbox: store.outbox, close: async () => undefined };
    }
    // Loaded only when configured, so deployments without MongoDB never load the driver.
    const { MongoMessageStore } = await import('../adapters/mongo/message-store.js');
    // Conversations stay in SQL: a send checks membership and moves activity there.
    const store = await MongoMessageStore.connect(config.mongodb.url, { conversations: await use(conversationStore) });
    return { store, outbox: store.outbox, close: () => store.close() };
  },
  (messages) => messages.close(),
);

/** What the workers read a message and its conversation with: no broker, no bus, no key set. */
export interface ChatReader {
  conversations: ConversationStore;
  messages: MessageStore;
  clock: Clock;
}

export const chatReader = feature<ChatReader>('chat-reader', async ({ use }) => {
  const [conversations, messages] = await Promise.all([use(conversationStore), use(messageStorage)]);
  return { conversations, messages: messages.store, clock: systemClock };
});
