import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { sendMessage } from '@chat/core/use-cases/chat/send-message';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-messages-send'], async ({ me, params, body, use }) => {
  const { message, created } = await sendMessage(await use(chat), me.userId, { ...params, ...body });
  return json(created ? 201 : 200, { message });
});
