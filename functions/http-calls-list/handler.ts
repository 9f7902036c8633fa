import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { listCalls } from '@chat/core/use-cases/calls/calls';
import { calls } from '@chat/core/wiring/calls';

export const handler = httpFunction(routes['http-calls-list'], async ({ me, query, use }) => json(200, await listCalls(await use(calls), me.userId, query)));
