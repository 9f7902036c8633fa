import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { noContent } from '@chat/core/runtime/http-response';
import { readJson } from '@chat/core/runtime/json-body';
import { logout } from '@chat/core/use-cases/auth/logout';

const route = routes['http-auth-logout'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const { refreshToken } = readJson(req, route.body, deps.config.http.maxBodyBytes);
  await logout(deps.auth, refreshToken);
  return noContent();
});
