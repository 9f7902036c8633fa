import type { RealtimeEvent } from '../../domain/chat/events.js';
import { contentDisposition } from '../../domain/media/content-disposition.js';
import { mediaKeys, needsProcessing, type Media } from '../../domain/media/media.js';
import { toMediaView } from '../../domain/media/media-view.js';
import type { ConversationStore } from '../../ports/conversation-store.js';
import { UndecodableImageError, type ImageProcessor } from '../../ports/image-processor.js';
import type { MediaStorage } from '../../ports/media-storage.js';
import type { MediaStore } from '../../ports/media-store.js';
import { conversationChannel } from '../../ports/realtime-bus.js';
import type { Clock } from '../../ports/system.js';
import { THUMBNAIL_TYPE, thumbnailName } from './get-media.js';

/** Thumbnails fit this square (CSS pixels × 2 for a 240 px chat bubble on a high-density screen). */
export const THUMBNAIL_SIZE = 480;

/** What the media processor (queue-media-process) needs; wiring/media.ts builds it. */
export interface MediaProcessingDeps {
  media: MediaStore;
  storage: MediaStorage;
  images: ImageProcessor;
  conversations: Pick<ConversationStore, 'memberIds'>;
  publish(channel: string, event: RealtimeEvent): Promise<void>;
  clock: Clock;
  log: { warn(details: object, message: string): void };
}

export type ProcessOutcome = 'processed' | 'already-processed' | 'rejected' | 'skipped';

/**
 * Makes a verified image servable: rewrites the original in place without metadata (orientation
 * applied), writes a WebP thumbnail, records the dimensions, then tells the conversation
 * (`media.updated`). Idempotent: a job that runs twice finds it processed and only repeats the
 * event (it carries the state, so a repeat is harmless); one that died half-way redoes the writes,
 * which replace. An image that does not decode cannot be stripped, so it is rejected and its bytes
 * deleted: nobody is ever served a file whose metadata we could not remove.
 */
export async function processMedia(deps: MediaProcessingDeps, mediaId: string): Promise<ProcessOutcome> {
  const media = await deps.media.get(mediaId);
  // Gone, deleted with its message, or not (or no longer) verified: nothing to serve, so nothing to do.
  if (!media || media.deletedAt || media.state !== 'ready' || !needsProcessing(media.contentType!)) return 'skipped';
  if (media.processedAt) {
    await announce(deps, media);
    return 'already-processed';
  }

  const bytes = await deps.storage.read(media.objectKey);
  // A ready media's object exists (OSS is strongly consistent): its absence is a bug; the retries show it.
  if (!bytes) throw new Error(`The original of media ${media.id} is missing at ${media.objectKey}`);
  const contentType = media.contentType!;
  let image;
  try {
    image = await deps.images.sanitize(bytes, contentType, { thumbnailSize: THUMBNAIL_SIZE });
  } catch (error) {
    if (!(error instanceof UndecodableImageError)) throw error;
    deps.log.warn({ err: error, mediaId: media.id, contentType }, 'undecodable image rejected');
    const rejected = await deps.media.markUndecodable(media.id, deps.clock.now());
    await deps.storage.delete(media.objectKey);
    if (rejected) await announce(deps, rejected);
    return 'rejected';
  }

  const thumbnailKey = mediaKeys.thumbnail(media.conversationId, media.id);
  await deps.storage.put({
    key: thumbnailKey,
    body: image.thumbnail,
    contentType: THUMBNAIL_TYPE,
    contentDisposition: contentDisposition(THUMBNAIL_TYPE, thumbnailName(media)),
  });
  await deps.storage.put({ key: media.objectKey, body: image.original, contentType, contentDisposition: contentDisposition(contentType, media.fileName) });
  const processed = await deps.media.markProcessed(media.id, { width: image.width, height: image.height, durationMs: null, thumbnailKey }, deps.clock.now());
  // Deleted meanwhile: the cleanup removes the objects just written (it deletes every key of a media).
  if (!processed) return 'skipped';
  await announce(deps, processed);
  return 'processed';
}

async function announce(deps: MediaProcessingDeps, media: Media): Promise<void> {
  const recipients = await deps.conversations.memberIds(media.conversationId);
  await deps.publish(conversationChannel(media.conversationId), { type: 'media.updated', media: toMediaView(media), recipients });
}
