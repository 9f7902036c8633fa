import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readQuery } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { listConversations } from '@chat/core/use-cases/chat/list-conversations';

const route = routes['http-conversations-list'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const query = readQuery(req, route.query);
  return json(200, await listConversations(deps.chat, me.userId, query, deps.unreadMentions));
});
