import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { parseWith, readJson } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { setMuted } from '@chat/core/use-cases/chat/mute';

const route = routes['http-conversations-mute'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { conversationId } = parseWith(route.params, req.params, 'Path parameters are invalid');
  const { muted } = readJson(req, route.body, deps.config.http.maxBodyBytes);
  return json(200, await setMuted(deps.chat, me.userId, conversationId, muted));
});
