import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { messageHistory } from '@chat/core/use-cases/chat/read-history';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-messages-list'], async ({ me, params, query, use }) =>
  json(200, await messageHistory(await use(chat), me.userId, params.conversationId, query)),
);
