import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { getConversation } from '@chat/core/use-cases/chat/manage-members';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-conversations-get'], async ({ me, params, use }) =>
  json(200, { conversation: await getConversation(await use(chat), me.userId, params.conversationId) }),
);
