import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { createConversation } from '@chat/core/use-cases/chat/create-conversation';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-conversations-create'], async ({ me, body, use }) => {
  const { conversation, created } = await createConversation(await use(chat), me.userId, body);
  return json(created ? 201 : 200, { conversation });
});
