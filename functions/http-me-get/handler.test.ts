import { describe, expect, it } from 'vitest';
import { bearer, call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

const me = (headers: Record<string, string> = {}) => call(handler, { method: 'GET', path: '/v1/me', headers });

describe('GET /v1/me', () => {
  useChat();

  it('returns the caller with a valid token', async () => {
    const user = await registerUser('me');
    const res = await me(bearer(user.accessToken));
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ id: user.id, username: user.username, email: `${user.username}@example.com` });
  });

  it('answers 401 without a token, with a bad one, and with a forged one', async () => {
    const user = await registerUser('forge');
    const [h, p] = user.accessToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: 'someone-else' })).toString('base64url');
    for (const headers of [
      {},
      { Authorization: 'Bearer nonsense' },
      { Authorization: `Basic ${user.accessToken}` },
      bearer(`${h}.${forgedPayload}.${user.accessToken.split('.')[2]}`),
    ]) {
      const res = await me(headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
  });
});
