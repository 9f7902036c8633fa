import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { getMedia } from '@chat/core/use-cases/media/get-media';
import { media } from '@chat/core/wiring/media';

export const handler = httpFunction(routes['http-media-get'], async ({ me, params, use }) =>
  json(200, await getMedia(await use(media), me.userId, params.mediaId)),
);
