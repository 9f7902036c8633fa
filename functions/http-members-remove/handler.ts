import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { noContent } from '@chat/core/runtime/http-response';
import { parseWith } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { removeMember } from '@chat/core/use-cases/chat/manage-members';

const route = routes['http-members-remove'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { conversationId, userId } = parseWith(route.params, req.params, 'Path parameters are invalid');
  await removeMember(deps.chat, me.userId, conversationId, userId);
  return noContent();
});
