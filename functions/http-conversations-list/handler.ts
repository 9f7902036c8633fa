import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { listConversations } from '@chat/core/use-cases/chat/list-conversations';
import { chat } from '@chat/core/wiring/chat';
import { mentions } from '@chat/core/wiring/mentions';

export const handler = httpFunction(routes['http-conversations-list'], async ({ me, query, use }) => {
  const [c, m] = await Promise.all([use(chat), use(mentions)]);
  return json(200, await listConversations(c, me.userId, query, (userId, ids) => m.counters.lookup(userId, ids)));
});
