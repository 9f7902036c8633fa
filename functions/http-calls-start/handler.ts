import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { startCall } from '@chat/core/use-cases/calls/calls';
import { calls } from '@chat/core/wiring/calls';

export const handler = httpFunction(routes['http-calls-start'], async ({ me, body, use }) => {
  const { created, ...started } = await startCall(await use(calls), me.userId, body);
  return json(created ? 201 : 200, started);
});
