import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { completeUpload } from '@chat/core/use-cases/media/complete-upload';
import { media } from '@chat/core/wiring/media';

export const handler = httpFunction(routes['http-media-complete'], async ({ me, params, use }) =>
  json(200, await completeUpload(await use(media), me.userId, params.mediaId)),
);
