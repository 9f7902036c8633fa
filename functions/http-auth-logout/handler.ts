import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { noContent } from '@chat/core/runtime/http-response';
import { logout } from '@chat/core/use-cases/auth/logout';
import { auth } from '@chat/core/wiring/auth';

export const handler = httpFunction(routes['http-auth-logout'], async ({ body, use }) => {
  await logout(await use(auth), body.refreshToken);
  return noContent();
});
