import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readJson } from '@chat/core/runtime/json-body';
import { register } from '@chat/core/use-cases/auth/register';

const route = routes['http-auth-register'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const body = readJson(req, route.body, deps.config.http.maxBodyBytes);
  return json(201, await register(deps.auth, body));
});
