import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { parseWith, readJson } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { editMessage } from '@chat/core/use-cases/chat/change-message';

const route = routes['http-messages-edit'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { conversationId, seq } = parseWith(route.params, req.params, 'Path parameters are invalid');
  const { text } = readJson(req, route.body, deps.config.http.maxBodyBytes);
  return json(200, { message: await editMessage(deps.chat, me.userId, conversationId, seq, text) });
});
