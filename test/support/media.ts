import { randomUUID } from 'node:crypto';
import { mediaKeys, pendingMedia, type Media } from '@chat/core/domain/media/media';
import type { MediaStore } from '@chat/core/ports/media-store';

/**
 * A completed (ready, processed) upload of `ownerId` in a conversation, written straight to the
 * store: for tests about messages that carry attachments, not about the upload flow itself.
 */
export async function readyMedia(
  store: MediaStore,
  ownerId: string,
  conversationId: string,
  contentType = 'image/jpeg',
  fileName = 'photo.jpg',
): Promise<Media> {
  const id = randomUUID();
  const at = new Date();
  const media: Media = {
    ...pendingMedia({ id, ownerId, conversationId, fileName, declaredType: contentType, declaredSize: 2048, at }),
    contentType,
    size: 2048,
    state: 'ready',
    objectKey: mediaKeys.final(conversationId, id),
    width: 640,
    height: 480,
    processedAt: at,
  };
  await store.create(media);
  return media;
}
