import { cryptoIds, systemClock } from '../adapters/node-crypto/system.js';
import { rootLogger } from '../runtime/logger.js';
import type { ChatDeps } from '../use-cases/chat/chat-deps.js';
import { jobQueue } from './jobs.js';
import { mentions } from './mentions.js';
import { messageStorage } from './messages.js';
import { realtimeBus } from './realtime.js';
import { conversationStore, mediaStore } from './stores.js';
import { feature } from './wiring.js';

/** The conversation and message use cases' dependencies. */
export const chat = feature<ChatDeps>('chat', async ({ use }) => {
  const [conversations, messages, media, jobs, bus] = await Promise.all([
    use(conversationStore),
    use(messageStorage),
    use(mediaStore),
    use(jobQueue),
    use(realtimeBus),
  ]);
  const log = rootLogger();
  return {
    conversations,
    messages: messages.store,
    media,
    outbox: messages.outbox,
    jobs,
    log,
    publish: async (channel, event) => {
      await bus
        .publish(channel, event)
        .catch((err: unknown) => log.warn({ err, channel, type: event.type }, 'publish failed; clients will catch up by resume or sync'));
    },
    // A moved read marker recounts the reader's unread mentions; the counters are built on the first read.
    onRead: async (conversationId, userId) => {
      await (await use(mentions)).counters.recount(userId, conversationId);
    },
    clock: systemClock,
    ids: cryptoIds,
  };
});
