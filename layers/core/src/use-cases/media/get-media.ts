import { NotFoundError } from '../../domain/errors.js';
import { contentDisposition } from '../../domain/media/content-disposition.js';
import type { Media } from '../../domain/media/media.js';
import type { MediaDeps } from './media-deps.js';
import { toMediaView } from '../../domain/media/media-view.js';

/**
 * A media and, once it may be served, short-lived download URLs. Members of its conversation only;
 * a pending upload is visible to its uploader alone, and a rejected or deleted one to nobody.
 */
export async function getMedia(deps: MediaDeps, userId: string, mediaId: string) {
  const media = await deps.media.get(mediaId);
  if (!media || media.deletedAt || media.state === 'rejected') throw new NotFoundError('Media');
  if (media.state === 'pending' && media.ownerId !== userId) throw new NotFoundError('Media');
  if (!(await deps.conversations.member(media.conversationId, userId))) throw new NotFoundError('Media');
  const view = toMediaView(media);
  if (view.status !== 'ready') return { media: view };
  const expiresAt = new Date(deps.clock.now().getTime() + deps.limits.downloadTtlSeconds * 1000);
  const [url, thumbnailUrl] = await Promise.all([
    download(deps, media.objectKey, media.contentType!, contentDisposition(media.contentType!, media.fileName), expiresAt),
    media.thumbnailKey ? download(deps, media.thumbnailKey, THUMBNAIL_TYPE, contentDisposition(THUMBNAIL_TYPE, thumbnailName(media)), expiresAt) : undefined,
  ]);
  return { media: view, url, ...(thumbnailUrl ? { thumbnailUrl } : {}), expiresAt: expiresAt.toISOString() };
}

/** Thumbnails are always written as WebP by the processor. */
export const THUMBNAIL_TYPE = 'image/webp';
export const thumbnailName = (m: Media) => `${m.fileName.replace(/\.[^.]*$/, '')}-thumbnail.webp`;

async function download(deps: MediaDeps, key: string, contentType: string, disposition: string, expiresAt: Date): Promise<string> {
  // The CDN signs the path only, so it serves the object's own headers (set when it was copied).
  if (deps.cdn) return deps.cdn.url({ key, contentType, contentDisposition: disposition, expiresAt });
  const seconds = Math.max(1, Math.round((expiresAt.getTime() - deps.clock.now().getTime()) / 1000));
  return (await deps.storage.grantDownload({ key, expiresInSeconds: seconds, contentType, contentDisposition: disposition })).url;
}
