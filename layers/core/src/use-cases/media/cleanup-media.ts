import { mediaKeys, type Media } from '../../domain/media/media.js';
import type { MediaStorage } from '../../ports/media-storage.js';
import type { MediaStore } from '../../ports/media-store.js';
import type { Clock } from '../../ports/system.js';

/** An upload grant lives minutes; a pending row this old will never be completed. */
export const PENDING_TTL_MS = 24 * 3_600_000;
/** A processing job takes seconds; an image still unprocessed after this lost its job. */
export const LOST_JOB_AFTER_MS = 10 * 60_000;

export interface MediaCleanupDeps {
  media: MediaStore;
  storage: MediaStorage;
  queueProcessing(mediaId: string): Promise<void>;
  clock: Clock;
}

/**
 * One pass of the hourly cleanup: forgets uploads never completed, rejected uploads and media of
 * deleted messages, deleting every object a media can have (pending, final, thumbnail: deletes
 * are idempotent, so it need not know which exist) before its row, so a crash half-way leaves the
 * row to retry with. Then queues processing again for images whose job was lost.
 */
export async function cleanupMedia(deps: MediaCleanupDeps, batch = 500) {
  const now = deps.clock.now().getTime();
  const stale = await deps.media.stale({ pendingBefore: new Date(now - PENDING_TTL_MS), limit: batch });
  for (const m of stale) {
    await Promise.all(objectKeys(m).map((key) => deps.storage.delete(key)));
    await deps.media.remove(m.id);
  }
  const lost = await deps.media.unprocessed({ readyBefore: new Date(now - LOST_JOB_AFTER_MS), limit: batch });
  for (const m of lost) await deps.queueProcessing(m.id);
  return { removed: stale.length, requeued: lost.length, more: stale.length === batch };
}

function objectKeys(m: Media): string[] {
  return [...new Set([m.objectKey, mediaKeys.pending(m.id), mediaKeys.final(m.conversationId, m.id), mediaKeys.thumbnail(m.conversationId, m.id)])];
}
