import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { deleteMessage } from '@chat/core/use-cases/chat/change-message';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-messages-delete'], async ({ me, params, use }) =>
  json(200, { message: await deleteMessage(await use(chat), me.userId, params.conversationId, params.seq) }),
);
