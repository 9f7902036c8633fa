import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { parseWith, readJson } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { markRead } from '@chat/core/use-cases/chat/read-history';

const route = routes['http-read-marker-put'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { conversationId } = parseWith(route.params, req.params, 'Path parameters are invalid');
  const { seq } = readJson(req, route.body, deps.config.http.maxBodyBytes);
  return json(200, await markRead(deps.chat, me.userId, conversationId, seq));
});
