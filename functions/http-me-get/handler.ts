import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { getMe } from '@chat/core/use-cases/auth/profile';

export const handler = httpFunction(routes['http-me-get'], async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  return json(200, { user: await getMe(deps.auth, me.userId) });
});
