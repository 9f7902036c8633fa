import { describe, expect, it } from 'vitest';
import { bearer, call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('PATCH /v1/me', () => {
  useChat();

  it('changes display name and notification settings, leaving the rest', async () => {
    const user = await registerUser('patch');
    const res = await call(handler, {
      method: 'PATCH',
      path: '/v1/me',
      headers: bearer(user.accessToken),
      body: { emailNotifications: 'all', pushEnabled: false },
    });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ emailNotifications: 'all', pushEnabled: false, displayName: user.username });
    const renamed = await call(handler, { method: 'PATCH', path: '/v1/me', headers: bearer(user.accessToken), body: { displayName: 'New Name' } });
    expect(renamed.json.user).toMatchObject({ displayName: 'New Name', emailNotifications: 'all', directCallsThroughDnd: false });
    const calls = await call(handler, { method: 'PATCH', path: '/v1/me', headers: bearer(user.accessToken), body: { directCallsThroughDnd: true } });
    expect(calls.json.user).toMatchObject({ directCallsThroughDnd: true, pushEnabled: false });
  });

  it('rejects empty patches, unknown fields and bad values', async () => {
    const user = await registerUser('patchbad');
    for (const body of [{}, { username: 'new' }, { emailNotifications: 'sometimes' }, { pushEnabled: 'yes' }]) {
      const res = await call(handler, { method: 'PATCH', path: '/v1/me', headers: bearer(user.accessToken), body });
      expect(res.status).toBe(400);
    }
  });

  it('requires a token', async () => {
    expect((await call(handler, { method: 'PATCH', path: '/v1/me', body: { pushEnabled: true } })).status).toBe(401);
  });
});
