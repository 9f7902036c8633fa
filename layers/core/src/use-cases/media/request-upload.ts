import { RateLimitedError } from '../../domain/errors.js';
import { pendingMedia } from '../../domain/media/media.js';
import { checkUploadRequest, type UploadRequest } from '../../domain/media/upload-request.js';
import { requireMember } from '../chat/access.js';
import type { MediaDeps } from './media-deps.js';
import { toMediaView } from '../../domain/media/media-view.js';

const HOUR_MS = 3_600_000;

/**
 * An upload grant: a pending media row and a URL that accepts exactly the declared type and size
 * under `pending/`. Members only; every check runs before anything is signed or stored.
 */
export async function requestUpload(deps: MediaDeps, userId: string, input: UploadRequest & { conversationId: string }) {
  const request = checkUploadRequest(input, { maxBytes: deps.limits.maxBytes });
  await requireMember(deps, input.conversationId, userId);
  const slot = await deps.kv.reserve(`media-grants:${userId}`, { limit: deps.limits.grantsPerHour, ttlMs: HOUR_MS });
  if (!slot.reserved) throw new RateLimitedError(Math.max(1, Math.ceil(slot.ttlMs / 1000)));

  const media = pendingMedia({
    id: deps.ids.id(),
    ownerId: userId,
    conversationId: input.conversationId,
    fileName: request.fileName,
    declaredType: request.contentType,
    declaredSize: request.size,
    at: deps.clock.now(),
  });
  await deps.media.create(media);
  const grant = await deps.storage.grantUpload({
    key: media.objectKey,
    contentType: request.contentType,
    size: request.size,
    expiresInSeconds: deps.limits.uploadTtlSeconds,
  });
  return { media: toMediaView(media), upload: { method: grant.method, url: grant.url, headers: grant.headers }, expiresAt: grant.expiresAt.toISOString() };
}
