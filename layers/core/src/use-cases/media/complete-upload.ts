import { AppError, NotFoundError, type ErrorDetail } from '../../domain/errors.js';
import { contentDisposition } from '../../domain/media/content-disposition.js';
import { MediaMismatchError, MediaNotUploadedError } from '../../domain/media/errors.js';
import { mediaKeys, needsProcessing, type Media } from '../../domain/media/media.js';
import { requireMember } from '../chat/access.js';
import type { MediaDeps } from './media-deps.js';
import { toMediaView } from '../../domain/media/media-view.js';
import { matchesDeclaredType, SNIFF_BYTES } from './sniff.js';

/**
 * Verifies an upload and makes it shareable: the stored object's real size and type must be what
 * was declared (otherwise it is deleted and the media rejected), then it moves out of `pending/`
 * with its final Content-Type and Content-Disposition. Idempotent: a repeat returns the same media.
 * Only the uploader may complete; anyone else gets 404, as if it did not exist.
 */
export async function completeUpload(deps: MediaDeps, userId: string, mediaId: string) {
  const media = await deps.media.get(mediaId);
  if (!media || media.ownerId !== userId || media.deletedAt) throw new NotFoundError('Media');
  await requireMember(deps, media.conversationId, userId);
  if (media.state === 'ready') return { media: toMediaView(await requeueIfStuck(deps, media)) };
  if (media.state === 'rejected') throw new AppError('conflict', 'This upload was rejected; ask for a new upload grant');

  const stored = await deps.storage.inspect(media.objectKey, SNIFF_BYTES);
  if (!stored) throw new MediaNotUploadedError();
  const details: ErrorDetail[] = [];
  if (stored.size !== media.declaredSize) details.push({ field: 'size', issue: `declared ${media.declaredSize} bytes, uploaded ${stored.size}` });
  const sniffed = await matchesDeclaredType(media.declaredType, stored.firstBytes);
  if (!sniffed.ok) details.push({ field: 'contentType', issue: `declared ${media.declaredType}, the file is ${sniffed.found ?? 'of an unknown type'}` });
  if (details.length > 0) {
    await deps.media.markRejected(media.id, deps.clock.now());
    await deps.storage.delete(media.objectKey);
    throw new MediaMismatchError(details);
  }

  const finalKey = mediaKeys.final(media.conversationId, media.id);
  await deps.storage.copy({
    from: media.objectKey,
    to: finalKey,
    contentType: media.declaredType,
    contentDisposition: contentDisposition(media.declaredType, media.fileName),
  });
  const at = deps.clock.now();
  const processedAt = needsProcessing(media.declaredType) ? null : at;
  const ready = await deps.media.markReady(media.id, { contentType: media.declaredType, size: stored.size, objectKey: finalKey, processedAt }, at);
  // A concurrent completion won the race; it did the same copy, so its row is the answer.
  const result = ready ?? (await deps.media.get(media.id))!;
  await deps.storage.delete(media.objectKey);
  if (ready && processedAt === null) await deps.queueProcessing(ready.id);
  return { media: toMediaView(result) };
}

/** A completion whose processing job was lost (the broker was down) queues it again when repeated. */
async function requeueIfStuck(deps: MediaDeps, media: Media): Promise<Media> {
  if (needsProcessing(media.contentType!) && media.processedAt === null) await deps.queueProcessing(media.id);
  return media;
}
