import { z } from 'zod';
import { id as idOf, line } from './text.js';

const id = idOf();

/** File names are display-only; the use case also refuses path separators and reserved names. */
export const UploadRequestBody = z.strictObject({
  conversationId: id,
  fileName: line().min(1).max(255),
  contentType: line().min(1).max(255),
  size: z.number().int(),
});

export const MediaParams = z.object({ mediaId: id });

export const MediaView = z.object({
  id: z.string(),
  conversationId: z.string(),
  ownerId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  kind: z.enum(['image', 'audio', 'video', 'file']),
  size: z.number().int(),
  status: z.enum(['pending', 'processing', 'ready', 'rejected']),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  createdAt: z.string(),
});

export const UploadGrantView = z.object({
  media: MediaView,
  upload: z.object({
    method: z.literal('PUT'),
    url: z.string(),
    /** Send every one of these; a browser's fetch adds Content-Length itself. */
    headers: z.record(z.string(), z.string()),
  }),
  expiresAt: z.string(),
});

export const MediaDownloadView = z.object({
  media: MediaView,
  /** Present once the media may be served; valid until `expiresAt`. */
  url: z.string().optional(),
  thumbnailUrl: z.string().optional(),
  expiresAt: z.string().optional(),
});
