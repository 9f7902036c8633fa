import { CachedSessionStore } from '../adapters/cache/session-store.js';
import { JoseAccessTokens } from '../adapters/jose/access-tokens.js';
import { ScryptPasswordHasher } from '../adapters/node-crypto/scrypt-password-hasher.js';
import { cryptoIds, systemClock } from '../adapters/node-crypto/system.js';
import { SqlSessionStore } from '../adapters/sql/session-store.js';
import type { AccessTokens } from '../ports/access-tokens.js';
import type { KeyValueStore } from '../ports/key-value.js';
import type { AuthDeps } from '../use-cases/auth/auth-deps.js';
import { rootLogger } from '../runtime/logger.js';
import { keyValue } from './key-value.js';
import { realtimeBus } from './realtime.js';
import { sqlDatabase } from './sql.js';
import { deviceStore, userStore } from './stores.js';
import { feature } from './wiring.js';

/** The JWT key set: signs (auth functions) and verifies (every authenticated endpoint). */
export const accessTokens = feature<AccessTokens>('tokens', ({ config }) =>
  JoseAccessTokens.create(config.auth.signingKeys, { issuer: config.auth.issuer, ttlSeconds: config.auth.accessTokenTtlSeconds }),
);

/** What verifying a bearer token needs: the key set and the revocation marks, no database. */
export interface Authenticator {
  tokens: AccessTokens;
  kv: KeyValueStore;
}

export const authenticator = feature<Authenticator>('authenticator', async ({ use }) => {
  const [tokens, kv] = await Promise.all([use(accessTokens), use(keyValue)]);
  return { tokens, kv };
});

export const auth = feature<AuthDeps>('auth', async ({ config, use }) => {
  const [sql, kv, tokens, users, devices] = await Promise.all([use(sqlDatabase), use(keyValue), use(accessTokens), use(userStore), use(deviceStore)]);
  const { accessTokenTtlSeconds, refreshTokenTtlSeconds, loginLimit } = config.auth;
  return {
    users,
    sessions: new CachedSessionStore(new SqlSessionStore(sql), kv, refreshTokenTtlSeconds * 1000),
    devices,
    hasher: new ScryptPasswordHasher(),
    tokens,
    kv,
    clock: systemClock,
    ids: cryptoIds,
    policy: { accessTokenTtlSeconds, refreshTokenTtlSeconds, loginLimit },
    // The bus is resolved on the first revocation only: login and register never connect to it.
    // A failure is logged, not thrown: logout has succeeded (row revoked, mark set, so no new
    // request or socket gets in); only sockets already open stay until their token expires.
    publish: async (channel, event) => {
      try {
        await (await use(realtimeBus)).publish(channel, event);
      } catch (err) {
        rootLogger().error({ err, channel, type: event.type }, 'publishing a revocation failed; open sockets of the session stay until their token expires');
      }
    },
  };
});
