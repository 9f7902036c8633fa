import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { getCall } from '@chat/core/use-cases/calls/calls';
import { calls } from '@chat/core/wiring/calls';

export const handler = httpFunction(routes['http-calls-get'], async ({ me, params, use }) =>
  json(200, await getCall(await use(calls), me.userId, params.callId)),
);
