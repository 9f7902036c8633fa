import { beforeAll, describe, expect, it } from 'vitest';
import { createDeps, provideDeps } from '../../test/support/deps.js';
import { loadConfig } from '@chat/core/config/env';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { openTestPglite } from '../../test/support/pglite.js';
import type { KeyValueStore } from '@chat/core/ports/key-value';
import { call } from '../../test/support/fc-http.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

const login = (body: unknown, sourceIp: string) => call(handler, { method: 'POST', path: '/v1/auth/login', body, sourceIp });
const WRONG = 'not the password at all';

/** Issue 11 (defects 3 and 4): the per-account limit is one bucket per account and holds under races. */
export function describeLoginLimits(name: string, openKv: () => Promise<KeyValueStore>): void {
  describe(`login limits (${name} key-value store)`, () => {
    beforeAll(async () => {
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LOGIN_LIMIT_PER_IP: '1000' }, { devSigningKeys: [await generateSigningKey()] });
      provideDeps(await createDeps(config, { migrate: true, sql: await openTestPglite(), kv: await openKv() }));
    });

    it('counts the username and the e-mail of one account in one bucket', async () => {
      const user = await registerUser('spellings');
      const email = `${user.username}@example.com`;
      const spellings = [user.username, email, user.username.toUpperCase(), email.toUpperCase(), user.username];
      const statuses: number[] = [];
      for (const [i, spelling] of spellings.entries()) statuses.push((await login({ login: spelling, password: WRONG }, `192.0.2.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      for (const spelling of [user.username, email]) {
        expect((await login({ login: spelling, password: WRONG }, '192.0.2.50')).status).toBe(429);
        const right = await login({ login: spelling, password: user.password }, '192.0.2.51');
        expect(right.status).toBe(429);
        expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      }
    });

    it('checks at most 5 of 12 concurrent wrong logins for one account; the rest get 429', async () => {
      const user = await registerUser('race');
      const logins = Array.from({ length: 12 }, (_, i) =>
        login({ login: i % 2 ? user.username : `${user.username}@example.com`, password: WRONG }, `198.51.100.${i}`),
      );
      const statuses = (await Promise.all(logins)).map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
      expect((await login({ login: user.username, password: user.password }, '198.51.100.99')).status).toBe(429);
    });

    it('limits an unknown login the same way, whatever its case', async () => {
      const ghost = `ghost_${process.pid}_${Date.now()}`;
      const statuses = (
        await Promise.all(Array.from({ length: 8 }, (_, i) => login({ login: i % 2 ? ghost : ghost.toUpperCase(), password: WRONG }, `203.0.113.${i}`)))
      )
        .map((r) => r.status)
        .sort();
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(3).fill(429)]);
    });

    it('lets the owner in after failures below the limit, and then starts the count over', async () => {
      const user = await registerUser('owner');
      for (let i = 0; i < 4; i++) expect((await login({ login: user.username, password: WRONG }, '192.0.2.200')).status).toBe(401);
      expect((await login({ login: `${user.username}@example.com`, password: user.password }, '192.0.2.200')).status).toBe(200);
      for (let i = 0; i < 5; i++) expect((await login({ login: user.username, password: WRONG }, '192.0.2.200')).status).toBe(401);
      expect((await login({ login: user.username, password: user.password }, '192.0.2.200')).status).toBe(429);
    });
  });
}
