import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { accessTokens } from '@chat/core/wiring/auth';

// Public keys change only on rotation; a short cache keeps verifiers from fetching on every token.
export const handler = httpFunction(routes['http-jwks-get'], async ({ use }) =>
  json(200, (await use(accessTokens)).jwks(), { 'cache-control': 'public, max-age=300' }),
);
