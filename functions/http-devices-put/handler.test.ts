import { describe, expect, it } from 'vitest';
import { bearer, call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

const put = (token: string, deviceId: string, body: unknown) =>
  call(handler, { method: 'PUT', path: `/v1/me/devices/${deviceId}`, headers: bearer(token), body });

describe('PUT /v1/me/devices/{deviceId}', () => {
  const chat = useChat();

  it('registers and then updates a device', async () => {
    const user = await registerUser('dev');
    const created = await put(user.accessToken, 'phone-1', { platform: 'android', pushToken: 'tok-a' });
    expect(created.status).toBe(200);
    expect(created.json.device).toMatchObject({ deviceId: 'phone-1', platform: 'android', pushToken: 'tok-a' });
    await put(user.accessToken, 'phone-1', { platform: 'android', pushToken: 'tok-b' });
    expect((await chat.deps.auth.devices.listForUser(user.id)).map((d) => d.pushToken)).toEqual(['tok-b']);
  });

  it('moves a push token that another account registered, so the old owner stops getting pushes', async () => {
    const first = await registerUser('owner1');
    const second = await registerUser('owner2');
    await put(first.accessToken, 'shared', { platform: 'ios', pushToken: 'handed-down-phone' });
    await put(second.accessToken, 'mine', { platform: 'ios', pushToken: 'handed-down-phone' });
    expect(await chat.deps.auth.devices.listForUser(first.id)).toEqual([]);
    expect((await chat.deps.auth.devices.listForUser(second.id)).map((d) => d.deviceId)).toEqual(['mine']);
  });

  it('validates platform, token and device id', async () => {
    const user = await registerUser('devbad');
    expect((await put(user.accessToken, 'x', { platform: 'windows', pushToken: 't' })).status).toBe(400);
    expect((await put(user.accessToken, 'x', { platform: 'web' })).status).toBe(400);
    expect((await put(user.accessToken, 'bad id!', { platform: 'web', pushToken: 't' })).status).toBe(400);
  });
});
