import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { openTestPglite } from '../../test/support/pglite.js';
import { loadConfig } from '@chat/core/config/env';
import type { RealtimeBus } from '@chat/core/ports/realtime-bus';
import { createDeps, provideDeps } from '../../test/support/deps.js';
import { bearer, call } from '../../test/support/fc-http.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';
import { handler as me } from '../http-me-get/handler.js';

/** A bus that is down: every publish fails. */
const downBus: RealtimeBus = {
  publish: () => Promise.reject(new Error('bus down')),
  subscribe: () => Promise.reject(new Error('bus down')),
  unsubscribe: async () => undefined,
  close: async () => undefined,
};

describe('POST /v1/auth/logout with the realtime bus down', () => {
  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { devSigningKeys: [await generateSigningKey()] });
    provideDeps(await createDeps(config, { migrate: true, sql: await openTestPglite(), kv: new MemoryKeyValueStore(), bus: downBus }));
  });

  // The revocation (row, KV mark) is what keeps the session out; the event only hurries open
  // sockets along, so its loss is logged and the logout still succeeds.
  it('still ends the session (204) and refuses its access token', async () => {
    const user = await registerUser('busdown');
    expect((await call(handler, { method: 'POST', path: '/v1/auth/logout', body: { refreshToken: user.refreshToken } })).status).toBe(204);
    const res = await call(me, { method: 'GET', path: '/v1/me', headers: bearer(user.accessToken) });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('session_revoked');
  });
});
