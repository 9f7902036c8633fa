import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { noContent } from '@chat/core/runtime/http-response';
import { removeDevice } from '@chat/core/use-cases/auth/devices';
import { auth } from '@chat/core/wiring/auth';

export const handler = httpFunction(routes['http-devices-delete'], async ({ me, params, use }) => {
  await removeDevice(await use(auth), me.userId, params.deviceId);
  return noContent();
});
