import { mediaKind, type MediaKind } from './content-types.js';
import { needsProcessing, type Media } from './media.js';

/**
 * `pending`: granted, not yet verified; `processing`: verified, being rewritten (an image is not
 * served before its metadata is stripped); `ready`: downloadable; `rejected`: the upload did not
 * match what was declared.
 */
export type MediaStatus = 'pending' | 'processing' | 'ready' | 'rejected';

export interface MediaView {
  id: string;
  conversationId: string;
  ownerId: string;
  fileName: string;
  contentType: string;
  kind: MediaKind;
  size: number;
  status: MediaStatus;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  createdAt: string;
}

export function mediaStatus(m: Media): MediaStatus {
  if (m.state !== 'ready') return m.state;
  return needsProcessing(m.contentType!) && m.processedAt === null ? 'processing' : 'ready';
}

export function toMediaView(m: Media): MediaView {
  const contentType = m.contentType ?? m.declaredType;
  return {
    id: m.id,
    conversationId: m.conversationId,
    ownerId: m.ownerId,
    fileName: m.fileName,
    contentType,
    kind: mediaKind(contentType),
    size: m.size ?? m.declaredSize,
    status: mediaStatus(m),
    width: m.width,
    height: m.height,
    durationMs: m.durationMs,
    createdAt: m.createdAt.toISOString(),
  };
}
