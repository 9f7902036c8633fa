import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readJson } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { updateMe } from '@chat/core/use-cases/auth/profile';

const route = routes['http-me-update'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const patch = readJson(req, route.body, deps.config.http.maxBodyBytes);
  return json(200, { user: await updateMe(deps.auth, me.userId, patch) });
});
