import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readQuery } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { sync } from '@chat/core/use-cases/chat/sync';

const route = routes['http-sync-get'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { cursor } = readQuery(req, route.query);
  return json(200, await sync(deps.chat, me.userId, cursor));
});
