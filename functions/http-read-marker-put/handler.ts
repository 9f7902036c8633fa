import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { markRead } from '@chat/core/use-cases/chat/read-history';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-read-marker-put'], async ({ me, params, body, use }) =>
  json(200, await markRead(await use(chat), me.userId, params.conversationId, body.seq)),
);
