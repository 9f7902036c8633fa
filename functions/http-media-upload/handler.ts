import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { requestUpload } from '@chat/core/use-cases/media/request-upload';
import { media } from '@chat/core/wiring/media';

export const handler = httpFunction(routes['http-media-upload'], async ({ me, body, use }) =>
  json(201, await requestUpload(await use(media), me.userId, body)),
);
