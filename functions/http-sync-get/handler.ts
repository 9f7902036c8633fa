import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { sync } from '@chat/core/use-cases/chat/sync';
import { chat } from '@chat/core/wiring/chat';

export const handler = httpFunction(routes['http-sync-get'], async ({ me, query, use }) => json(200, await sync(await use(chat), me.userId, query.cursor)));
