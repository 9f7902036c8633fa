import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readJson } from '@chat/core/runtime/json-body';
import { refresh } from '@chat/core/use-cases/auth/refresh';

const route = routes['http-auth-refresh'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const { refreshToken } = readJson(req, route.body, deps.config.http.maxBodyBytes);
  return json(200, await refresh(deps.auth, refreshToken));
});
