import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { registerDevice } from '@chat/core/use-cases/auth/devices';
import { auth } from '@chat/core/wiring/auth';

export const handler = httpFunction(routes['http-devices-put'], async ({ me, params, body, use }) =>
  json(200, { device: await registerDevice(await use(auth), { userId: me.userId, deviceId: params.deviceId, ...body }) }),
);
