import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { editMessage } from '@chat/core/use-cases/chat/change-message';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-messages-edit'], async ({ me, params, body, use }) =>
  json(200, { message: await editMessage(await use(chat), me.userId, params.conversationId, params.seq, body.text) }),
);
