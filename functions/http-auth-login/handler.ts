import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readJson } from '@chat/core/runtime/json-body';
import { login } from '@chat/core/use-cases/auth/login';

const route = routes['http-auth-login'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const body = readJson(req, route.body, deps.config.http.maxBodyBytes);
  return json(200, await login(deps.auth, { ...body, sourceIp: req.sourceIp }));
});
