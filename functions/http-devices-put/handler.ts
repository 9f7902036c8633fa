import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { parseWith, readJson } from '@chat/core/runtime/json-body';
import { authenticate } from '@chat/core/use-cases/auth/authenticate';
import { registerDevice } from '@chat/core/use-cases/auth/devices';

const route = routes['http-devices-put'];

export const handler = httpFunction(route, async ({ req, deps }) => {
  const me = await authenticate(deps.auth, req.headers.authorization);
  const { deviceId } = parseWith(route.params, req.params, 'Path parameters are invalid');
  const body = readJson(req, route.body, deps.config.http.maxBodyBytes);
  return json(200, { device: await registerDevice(deps.auth, { userId: me.userId, deviceId, ...body }) });
});
