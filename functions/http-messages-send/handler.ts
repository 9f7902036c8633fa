import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { parseWith, readJson } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { sendMessage } from '@chat/core/use-cases/chat/send-message';

const route = routes['http-messages-send'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { conversationId } = parseWith(route.params, req.params, 'Path parameters are invalid');
  const body = readJson(req, route.body, deps.config.http.maxBodyBytes);
  const { message, created } = await sendMessage(deps.chat, me.userId, { conversationId, ...body });
  return json(created ? 201 : 200, { message });
});
