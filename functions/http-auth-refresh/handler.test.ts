import { describe, expect, it } from 'vitest';
import { bearer, call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';
import { handler as me } from '../http-me-get/handler.js';

const refresh = (refreshToken: string) => call(handler, { method: 'POST', path: '/v1/auth/refresh', body: { refreshToken } });

describe('POST /v1/auth/refresh', () => {
  useChat();

  it('rotates the refresh token on every use', async () => {
    const user = await registerUser('rot');
    const first = await refresh(user.refreshToken);
    expect(first.status).toBe(200);
    expect(first.json.tokens.refreshToken).not.toBe(user.refreshToken);
    const second = await refresh(first.json.tokens.refreshToken);
    expect(second.status).toBe(200);
    expect((await call(me, { method: 'GET', path: '/v1/me', headers: bearer(second.json.tokens.accessToken) })).status).toBe(200);
  });

  it('revokes the whole session when a rotated token is reused', async () => {
    const user = await registerUser('reuse');
    const next = await refresh(user.refreshToken);
    const replay = await refresh(user.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe('session_revoked');
    const afterRevoke = await refresh(next.json.tokens.refreshToken);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.json.error.code).toBe('session_revoked');
    const meRes = await call(me, { method: 'GET', path: '/v1/me', headers: bearer(next.json.tokens.accessToken) });
    expect(meRes.status).toBe(401);
    expect(meRes.json.error.code).toBe('session_revoked');
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const user = await registerUser('race');
    const results = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('rejects unknown tokens and malformed bodies', async () => {
    expect((await refresh('x'.repeat(43))).json.error.code).toBe('invalid_token');
    expect((await call(handler, { method: 'POST', path: '/v1/auth/refresh', body: {} })).status).toBe(400);
  });
});
