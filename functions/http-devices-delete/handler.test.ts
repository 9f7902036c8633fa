import { describe, expect, it } from 'vitest';
import { bearer, call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';
import { handler as put } from '../http-devices-put/handler.js';

describe('DELETE /v1/me/devices/{deviceId}', () => {
  useChat();

  it('removes a registration once, then answers 404', async () => {
    const user = await registerUser('del');
    await call(put, { method: 'PUT', path: '/v1/me/devices/tab', headers: bearer(user.accessToken), body: { platform: 'web', pushToken: 'wp-1' } });
    const del = () => call(handler, { method: 'DELETE', path: '/v1/me/devices/tab', headers: bearer(user.accessToken) });
    expect((await del()).status).toBe(204);
    expect((await del()).status).toBe(404);
  });

  it("cannot remove someone else's device", async () => {
    const owner = await registerUser('own');
    const other = await registerUser('oth');
    await call(put, { method: 'PUT', path: '/v1/me/devices/pc', headers: bearer(owner.accessToken), body: { platform: 'web', pushToken: 'wp-2' } });
    expect((await call(handler, { method: 'DELETE', path: '/v1/me/devices/pc', headers: bearer(other.accessToken) })).status).toBe(404);
  });
});
