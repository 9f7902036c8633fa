import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readJson } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { createConversation } from '@chat/core/use-cases/chat/create-conversation';

const route = routes['http-conversations-create'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const body = readJson(req, route.body, deps.config.http.maxBodyBytes);
  const { conversation, created } = await createConversation(deps.chat, me.userId, body);
  return json(created ? 201 : 200, { conversation });
});
