import { queueFunction } from '@chat/core/runtime/queue-function';
import { mentionWorker } from '@chat/core/use-cases/mentions/detect-mentions';
import { mentions } from '@chat/core/wiring/mentions';
import { chatReader } from '@chat/core/wiring/messages';

/** Stores who a new message @mentions (PostgreSQL, the message's `mentions`) and bumps their unread-mention counters. */
export const handler = queueFunction('mention', async (job, { use }) => {
  const [chat, m] = await Promise.all([use(chatReader), use(mentions)]);
  await mentionWorker(job, { chat, mentions: m });
});
