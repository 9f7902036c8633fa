import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { register } from '@chat/core/use-cases/auth/register';
import { auth } from '@chat/core/wiring/auth';

export const handler = httpFunction(routes['http-auth-register'], async ({ body, use }) => json(201, await register(await use(auth), body)));
