import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { getMe } from '@chat/core/use-cases/auth/profile';
import { auth } from '@chat/core/wiring/auth';

export const handler = httpFunction(routes['http-me-get'], async ({ me, use }) => json(200, { user: await getMe(await use(auth), me.userId) }));
