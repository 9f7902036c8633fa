import { describe, expect, it } from 'vitest';
import { bearer, call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';
import { handler as refresh } from '../http-auth-refresh/handler.js';
import { handler as me } from '../http-me-get/handler.js';

describe('POST /v1/auth/logout', () => {
  useChat();

  it('ends the session: its refresh and access tokens stop working', async () => {
    const user = await registerUser('bye');
    const res = await call(handler, { method: 'POST', path: '/v1/auth/logout', body: { refreshToken: user.refreshToken } });
    expect(res.status).toBe(204);
    expect(res.raw.body).toBe('');
    expect((await call(refresh, { method: 'POST', path: '/v1/auth/refresh', body: { refreshToken: user.refreshToken } })).status).toBe(401);
    expect((await call(me, { method: 'GET', path: '/v1/me', headers: bearer(user.accessToken) })).status).toBe(401);
  });

  it('is idempotent for unknown tokens', async () => {
    expect((await call(handler, { method: 'POST', path: '/v1/auth/logout', body: { refreshToken: 'y'.repeat(43) } })).status).toBe(204);
  });
});
