import { queueFunction } from '@chat/core/runtime/queue-function';
import { mentionWorker } from '@chat/core/use-cases/mentions/detect-mentions';

/** Stores who a new message @mentions (PostgreSQL, the message's `mentions`) and bumps their unread-mention counters. */
export const handler = queueFunction('mention', mentionWorker);
