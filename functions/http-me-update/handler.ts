import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { updateMe } from '@chat/core/use-cases/auth/profile';
import { auth } from '@chat/core/wiring/auth';

export const handler = httpFunction(routes['http-me-update'], async ({ me, body, use }) =>
  json(200, { user: await updateMe(await use(auth), me.userId, body) }),
);
