import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { listMentions } from '@chat/core/use-cases/mentions/list-mentions';
import { mentions } from '@chat/core/wiring/mentions';

export const handler = httpFunction(routes['http-mentions-list'], async ({ me, query, use }) =>
  json(200, await listMentions(await use(mentions), me.userId, query)),
);
