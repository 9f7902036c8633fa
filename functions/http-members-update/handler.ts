import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { changeMemberRole } from '@chat/core/use-cases/chat/manage-members';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-members-update'], async ({ me, params, body, use }) =>
  json(200, { conversation: await changeMemberRole(await use(chat), me.userId, params.conversationId, params.userId, body.role) }),
);
