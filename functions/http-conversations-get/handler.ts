import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { parseWith } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { getConversation } from '@chat/core/use-cases/chat/manage-members';

const route = routes['http-conversations-get'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { conversationId } = parseWith(route.params, req.params, 'Path parameters are invalid');
  return json(200, { conversation: await getConversation(deps.chat, me.userId, conversationId) });
});
