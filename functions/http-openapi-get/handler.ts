import { buildOpenApi } from '@chat/core/api/openapi';
import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';

let document: Record<string, unknown> | undefined;

export const handler = httpFunction(routes['http-openapi-get'], async () => {
  document ??= buildOpenApi();
  return json(200, document, { 'cache-control': 'public, max-age=300' });
});
