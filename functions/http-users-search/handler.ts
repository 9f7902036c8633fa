import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readQuery } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { searchUsers } from '@chat/core/use-cases/auth/profile';

const route = routes['http-users-search'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  await authenticate(deps.auth, req.headers.authorization);
  const { q, limit } = readQuery(req, route.query);
  return json(200, { items: await searchUsers(deps.auth, q, limit) });
});
