import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { noContent } from '@chat/core/runtime/http-response';
import { removeMember } from '@chat/core/use-cases/chat/manage-members';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-members-remove'], async ({ me, params, use }) => {
  await removeMember(await use(chat), me.userId, params.conversationId, params.userId);
  return noContent();
});
