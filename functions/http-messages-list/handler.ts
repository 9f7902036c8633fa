import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { parseWith, readQuery } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { messageHistory } from '@chat/core/use-cases/chat/read-history';

const route = routes['http-messages-list'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { conversationId } = parseWith(route.params, req.params, 'Path parameters are invalid');
  const query = readQuery(req, route.query);
  return json(200, await messageHistory(deps.chat, me.userId, conversationId, query));
});
