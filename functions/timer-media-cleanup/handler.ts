import { timerFunction } from '@chat/core/runtime/timer-function';
import { cleanupMedia } from '@chat/core/use-cases/media/cleanup-media';
import { mediaCleanup } from '@chat/core/wiring/media';

/**
 * Every hour: deletes the objects and rows of uploads never completed (24 h), rejected uploads
 * and media of deleted messages, and queues processing again for images whose job was lost.
 */
export const handler = timerFunction('media-cleanup', async ({ use }) => cleanupMedia(await use(mediaCleanup)));
