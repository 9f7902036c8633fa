import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { setMuted } from '@chat/core/use-cases/chat/mute';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-conversations-mute'], async ({ me, params, body, use }) =>
  json(200, await setMuted(await use(chat), me.userId, params.conversationId, body.muted)),
);
