import { z } from 'zod';
import { route } from './route-spec.js';
import * as media from './media-schemas.js';

/** The media endpoints (ADR 0014): upload grants, verified completion, signed downloads. */
export const mediaRoutes = {
  'http-media-upload': route({
    method: 'POST',
    path: '/v1/media',
    summary: 'Ask for an upload grant: where and how to upload one file (members of the conversation only)',
    auth: 'bearer',
    body: media.UploadRequestBody,
    responses: {
      201: { description: 'a pending media and its upload grant', schema: media.UploadGrantView },
      404: { description: 'no such conversation (or not a member)' },
      413: { description: 'over MEDIA_MAX_BYTES (media_too_large)' },
      415: { description: 'a type that cannot be shared (media_type_not_allowed)' },
      429: { description: 'too many grants this hour; see Retry-After' },
    },
  }),
  'http-media-complete': route({
    method: 'POST',
    path: '/v1/media/{mediaId}/complete',
    summary: 'Verify an upload (real size and type) and make it shareable; idempotent',
    auth: 'bearer',
    params: media.MediaParams,
    responses: {
      200: { description: 'verified', schema: z.object({ media: media.MediaView }) },
      400: { description: 'the file is not what was declared (media_mismatch); it is deleted' },
      404: { description: 'no such upload of yours' },
      409: { description: 'nothing uploaded yet (media_not_uploaded), or the upload was rejected' },
    },
  }),
  'http-media-get': route({
    method: 'GET',
    path: '/v1/media/{mediaId}',
    summary: 'A media and short-lived download URLs (members only)',
    auth: 'bearer',
    params: media.MediaParams,
    responses: {
      200: { description: 'the media; `url` once it may be served', schema: media.MediaDownloadView },
      404: { description: 'no such media (or not a member)' },
    },
  }),
};
