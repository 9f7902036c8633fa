import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { noContent } from '@chat/core/runtime/http-response';
import { parseWith } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { removeDevice } from '@chat/core/use-cases/auth/devices';

const route = routes['http-devices-delete'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { deviceId } = parseWith(route.params, req.params, 'Path parameters are invalid');
  await removeDevice(deps.auth, me.userId, deviceId);
  return noContent();
});
