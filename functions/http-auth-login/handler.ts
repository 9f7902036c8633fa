import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { login } from '@chat/core/use-cases/auth/login';
import { auth } from '@chat/core/wiring/auth';

export const handler = httpFunction(routes['http-auth-login'], async ({ body, req, use }) =>
  json(200, await login(await use(auth), { ...body, sourceIp: req.sourceIp })),
);
