import { describe, expect, it } from 'vitest';
import { verifyWithJwks } from '@chat/core/adapters/jose/access-tokens';
import { call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('GET /.well-known/jwks.json', () => {
  useChat();

  it('publishes public keys that verify issued access tokens, and no private parts', async () => {
    const res = await call(handler, { method: 'GET', path: '/.well-known/jwks.json' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('max-age');
    expect(res.json.keys.length).toBeGreaterThan(0);
    for (const key of res.json.keys) {
      expect(key).not.toHaveProperty('d');
      expect(key).toMatchObject({ use: 'sig', alg: 'ES256' });
    }
    const user = await registerUser('jwks');
    const claims = await verifyWithJwks(res.json, user.accessToken, 'fc-chat');
    expect(claims.userId).toBe(user.id);
  });
});
