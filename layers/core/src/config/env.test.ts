import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../adapters/jose/signing-keys.js';
import { ConfigError, loadConfig, type SigningKeyConfig } from './env.js';
import { parseRedisClusterUrl } from './redis-url.js';

let key: SigningKeyConfig;
let keysJson: string;

beforeAll(async () => {
  key = await generateSigningKey();
  keysJson = JSON.stringify([key]);
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const production = () => ({
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://chat:secret@db.internal:5432/chat',
  REDIS_URL: 'rediss://cache.internal:6380',
  AMQP_URL: 'amqps://chat:secret@mq.internal:5671/chat',
  JWT_SIGNING_KEYS: keysJson,
});

describe('loadConfig', () => {
  it('fills in defaults', () => {
    const config = loadConfig({ JWT_SIGNING_KEYS: keysJson });
    expect(config).toMatchObject({
      production: false,
      logLevel: 'info',
      dataDir: '.data',
      database: { url: undefined, poolSize: 4 },
      redis: { url: undefined },
      mongodb: { url: undefined },
      auth: {
        signingKeys: [key],
        issuer: 'fc-chat',
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 30 * 24 * 3600,
        loginLimit: { perAccount: 5, perIp: 50, windowSeconds: 900 },
      },
      http: { maxBodyBytes: 64 * 1024 },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...production(),
      LOG_LEVEL: 'warn',
      DATA_DIR: '/tmp/chat',
      JWT_ISSUER: 'https://chat.example.com',
      ACCESS_TOKEN_TTL_SECONDS: '600',
      REFRESH_TOKEN_TTL_SECONDS: '86400',
      LOGIN_LIMIT_PER_ACCOUNT: '3',
      LOGIN_LIMIT_PER_IP: '30',
      LOGIN_LIMIT_WINDOW_SECONDS: '60',
      HTTP_MAX_BODY_BYTES: '2048',
      MONGODB_URL: 'mongodb://history.internal:27017/chat',
    });
    expect(config).toMatchObject({
      production: true,
      logLevel: 'warn',
      dataDir: '/tmp/chat',
      database: { url: 'postgres://chat:secret@db.internal:5432/chat', poolSize: 4 },
      redis: { url: 'rediss://cache.internal:6380' },
      mongodb: { url: 'mongodb://history.internal:27017/chat' },
      auth: {
        signingKeys: [key],
        issuer: 'https://chat.example.com',
        accessTokenTtlSeconds: 600,
        refreshTokenTtlSeconds: 86400,
        loginLimit: { perAccount: 3, perIp: 30, windowSeconds: 60 },
      },
      http: { maxBodyBytes: 2048 },
    });
  });

  it('ignores unrelated environment variables', () => {
    expect(loadConfig({ JWT_SIGNING_KEYS: keysJson, PATH: '/usr/bin', HOME: '/root', FC_FUNCTION_NAME: 'x' }).logLevel).toBe('info');
  });

  it('uses the dev signing keys when JWT_SIGNING_KEYS is unset', () => {
    expect(loadConfig({ NODE_ENV: 'test' }, { devSigningKeys: [key] }).auth.signingKeys).toEqual([key]);
  });

  it('prefers JWT_SIGNING_KEYS over the dev signing keys', async () => {
    const other = await generateSigningKey('EdDSA');
    expect(loadConfig({ JWT_SIGNING_KEYS: keysJson }, { devSigningKeys: [other] }).auth.signingKeys).toEqual([key]);
  });

  it('accepts postgresql://, redis:// and mongodb+srv:// schemes', () => {
    const config = loadConfig({
      ...production(),
      DATABASE_URL: 'postgresql://db/chat',
      REDIS_URL: 'redis://cache:6379/0',
      MONGODB_URL: 'mongodb+srv://cluster.example.com/chat',
    });
    expect(config.database.url).toBe('postgresql://db/chat');
    expect(config.redis.url).toBe('redis://cache:6379/0');
    expect(config.mongodb.url).toBe('mongodb+srv://cluster.example.com/chat');
  });

  it('accepts a Redis Cluster as redis+cluster://host:port,host:port, with credentials and TLS', () => {
    const url = 'rediss+cluster://app:s%3Acret@10.0.0.1:6379,10.0.0.2:6380,[fd00::3]:6381';
    expect(loadConfig({ ...production(), REDIS_URL: url }).redis.url).toBe(url);
    expect(parseRedisClusterUrl(url)).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 6379 },
        { host: '10.0.0.2', port: 6380 },
        { host: 'fd00::3', port: 6381 },
      ],
      username: 'app',
      password: 's:cret',
      tls: true,
    });
  });

  it('rejects a redis+cluster URL whose nodes are not host:port', () => {
    for (const bad of [
      'redis+cluster://',
      'redis+cluster://cache',
      'redis+cluster://a:6379,b',
      'redis+cluster://a:6379,,b:1',
      'redis+cluster://a:70000',
      'redis+cluster://a:1/0',
    ]) {
      const error = configError(() => loadConfig({ ...production(), REDIS_URL: bad }));
      expect(error.problems, bad).toEqual([expect.stringMatching(/^REDIS_URL: a redis\+cluster URL lists host:port seed nodes separated by commas/)]);
    }
  });

  it('lists every problem in one ConfigError', () => {
    const error = configError(() => loadConfig({ NODE_ENV: 'production', ACCESS_TOKEN_TTL_SECONDS: 'abc', LOG_LEVEL: 'loud' }));
    expect(error.problems).toHaveLength(6);
    for (const variable of ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'JWT_SIGNING_KEYS', 'ACCESS_TOKEN_TTL_SECONDS', 'LOG_LEVEL']) {
      expect(
        error.problems.some((p) => p.startsWith(`${variable}:`)),
        variable,
      ).toBe(true);
      expect(error.message).toContain(variable);
    }
    expect(error.name).toBe('ConfigError');
    expect(error.message.split('\n')).toHaveLength(7);
  });

  it('requires the database, Redis and RabbitMQ only in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', JWT_SIGNING_KEYS: keysJson })).not.toThrow();
    const error = configError(() => loadConfig({ NODE_ENV: 'production', JWT_SIGNING_KEYS: keysJson }));
    expect(error.problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: required in production/),
      expect.stringMatching(/^REDIS_URL: required in production/),
      expect.stringMatching(/^AMQP_URL: required in production/),
    ]);
  });

  it('requires AMQP_URL in production even when everything else is set', () => {
    const { AMQP_URL: _, ...withoutBroker } = production();
    expect(configError(() => loadConfig(withoutBroker)).problems).toEqual([
      expect.stringMatching(/^AMQP_URL: required in production \(the in-process job queue is per instance\)/),
    ]);
    // s.yaml passes an unset AMQP_URL as '': reported as not a URL and as missing, like DATABASE_URL.
    expect(configError(() => loadConfig({ ...withoutBroker, AMQP_URL: '' })).problems).toEqual([
      expect.stringMatching(/^AMQP_URL: must be/),
      expect.stringMatching(/^AMQP_URL: required in production/),
    ]);
    expect(loadConfig(production()).jobs.amqpUrl).toBe('amqps://chat:secret@mq.internal:5671/chat');
  });

  it('reads optional variables s.yaml passes empty as unset', () => {
    const config = loadConfig({ ...production(), MONGODB_URL: '', SMTP_URL: ' ', UNSUBSCRIBE_SECRET: '' });
    expect([config.mongodb.url, config.email.smtpUrl, config.email.unsubscribeSecret]).toEqual([undefined, undefined, undefined]);
  });

  it('requires signing keys when there are no dev keys', () => {
    const error = configError(() => loadConfig({ NODE_ENV: 'test' }));
    expect(error.problems).toEqual([expect.stringMatching(/^JWT_SIGNING_KEYS: required/)]);
  });

  it('rejects URLs with the wrong scheme', () => {
    const error = configError(() =>
      loadConfig({ ...production(), DATABASE_URL: 'mysql://db/chat', REDIS_URL: 'http://cache:6379', MONGODB_URL: 'postgres://db' }),
    );
    expect(error.problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: must be a postgres or postgresql URL/),
      expect.stringMatching(/^REDIS_URL: must be a redis or rediss URL/),
      expect.stringMatching(/^MONGODB_URL: must be a mongodb or mongodb\+srv URL/),
    ]);
  });

  it('rejects a URL that only contains the scheme name', () => {
    const error = configError(() => loadConfig({ JWT_SIGNING_KEYS: keysJson, DATABASE_URL: 'postgres:db', REDIS_URL: 'xredis://cache' }));
    expect(error.problems.map((p) => p.split(':')[0])).toEqual(['DATABASE_URL', 'REDIS_URL']);
  });

  it('rejects JWT_SIGNING_KEYS that is not JSON with one problem', () => {
    const error = configError(() => loadConfig({ JWT_SIGNING_KEYS: '{not json' }));
    expect(error.problems).toEqual(['JWT_SIGNING_KEYS: must be a JSON array of {kid, alg, privateJwk}']);
  });

  it('rejects JWT_SIGNING_KEYS that is JSON of the wrong shape', () => {
    expect(configError(() => loadConfig({ JWT_SIGNING_KEYS: '[]' })).problems).toEqual([expect.stringMatching(/^JWT_SIGNING_KEYS/)]);
    expect(configError(() => loadConfig({ JWT_SIGNING_KEYS: JSON.stringify(key) })).problems).toEqual([expect.stringMatching(/^JWT_SIGNING_KEYS/)]);
    const problems = configError(() => loadConfig({ JWT_SIGNING_KEYS: JSON.stringify([{ ...key, alg: 'HS256' }]) })).problems;
    expect(problems).toEqual([expect.stringMatching(/^JWT_SIGNING_KEYS\.0\.alg/)]);
  });

  it('rejects numbers that are not integers or are below their minimum', () => {
    const error = configError(() =>
      loadConfig({
        JWT_SIGNING_KEYS: keysJson,
        ACCESS_TOKEN_TTL_SECONDS: '59',
        REFRESH_TOKEN_TTL_SECONDS: '1.5',
        LOGIN_LIMIT_PER_ACCOUNT: '0',
        HTTP_MAX_BODY_BYTES: '10',
      }),
    );
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'ACCESS_TOKEN_TTL_SECONDS',
      'HTTP_MAX_BODY_BYTES',
      'LOGIN_LIMIT_PER_ACCOUNT',
      'REFRESH_TOKEN_TTL_SECONDS',
    ]);
  });

  it('rejects an unknown NODE_ENV', () => {
    expect(configError(() => loadConfig({ NODE_ENV: 'staging', JWT_SIGNING_KEYS: keysJson })).problems).toEqual([expect.stringMatching(/^NODE_ENV:/)]);
  });

  it('returns a deeply frozen config', () => {
    const config = loadConfig({ ...production() });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.auth)).toBe(true);
    expect(Object.isFrozen(config.auth.loginLimit)).toBe(true);
    expect(Object.isFrozen(config.auth.signingKeys)).toBe(true);
    expect(Object.isFrozen(config.auth.signingKeys[0]!.privateJwk)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(() => {
      (config as { production: boolean }).production = false;
    }).toThrow(TypeError);
    expect(() => {
      config.auth.issuer = 'attacker';
    }).toThrow(TypeError);
    expect(config.auth.issuer).toBe('fc-chat');
  });

  it('reads the background-job settings, with a broker optional and sane defaults', () => {
    expect(loadConfig({ JWT_SIGNING_KEYS: keysJson }).jobs).toEqual({
      amqpUrl: undefined,
      queuePrefix: 'chat',
      maxAttempts: 5,
      retryDelaysMs: [1_000, 5_000, 30_000, 120_000],
      leaseSeconds: 120,
    });
    const config = loadConfig({
      JWT_SIGNING_KEYS: keysJson,
      AMQP_URL: 'amqps://user:pw@mq.internal:5671/chat',
      JOB_MAX_ATTEMPTS: '3',
      JOB_RETRY_DELAYS_MS: '10, 20',
      JOB_LEASE_SECONDS: '30',
      JOB_QUEUE_PREFIX: 'staging',
    });
    expect(config.jobs).toEqual({
      amqpUrl: 'amqps://user:pw@mq.internal:5671/chat',
      queuePrefix: 'staging',
      maxAttempts: 3,
      retryDelaysMs: [10, 20],
      leaseSeconds: 30,
    });
    const error = configError(() =>
      loadConfig({ JWT_SIGNING_KEYS: keysJson, AMQP_URL: 'http://mq', JOB_MAX_ATTEMPTS: '0', JOB_RETRY_DELAYS_MS: '1000,,soon', JOB_QUEUE_PREFIX: 'a.b' }),
    );
    expect(error.problems).toEqual([
      expect.stringMatching(/^AMQP_URL:/),
      expect.stringMatching(/^JOB_MAX_ATTEMPTS:/),
      expect.stringMatching(/^JOB_RETRY_DELAYS_MS/),
      expect.stringMatching(/^JOB_RETRY_DELAYS_MS/),
      expect.stringMatching(/^JOB_QUEUE_PREFIX:/),
    ]);
  });

  it('does not freeze the dev signing keys it was given', async () => {
    const dev = await generateSigningKey();
    const config = loadConfig({ NODE_ENV: 'test' }, { devSigningKeys: [dev] });
    expect(config.auth.signingKeys).toEqual([dev]);
    expect(Object.isFrozen(dev)).toBe(false);
    expect(Object.isFrozen(dev.privateJwk)).toBe(false);
  });
});
