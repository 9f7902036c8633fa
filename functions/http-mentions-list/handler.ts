import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readQuery } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { listMentions } from '@chat/core/use-cases/mentions/list-mentions';

const route = routes['http-mentions-list'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  return json(200, await listMentions(deps.mentions, me.userId, readQuery(req, route.query)));
});
