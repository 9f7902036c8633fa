import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { refresh } from '@chat/core/use-cases/auth/refresh';
import { auth } from '@chat/core/wiring/auth';

export const handler = httpFunction(routes['http-auth-refresh'], async ({ body, use }) => json(200, await refresh(await use(auth), body.refreshToken)));
