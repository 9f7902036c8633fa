import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { parseWith } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { setReaction } from '@chat/core/use-cases/chat/change-message';

const route = routes['http-reactions-put'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { conversationId, seq, emoji } = parseWith(route.params, req.params, 'Path parameters are invalid');
  return json(200, { message: await setReaction(deps.chat, me.userId, conversationId, seq, emoji, true) });
});
