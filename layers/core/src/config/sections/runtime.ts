import { z } from 'zod';
import { envVar, int, unsetIfBlank, url, type Rule } from '../env-kit.js';
import { isRedisClusterUrl, parseRedisClusterUrl } from '../redis-url.js';

export const production = envVar(
  'NODE_ENV',
  z
    .enum(['development', 'test', 'production'])
    .default('development')
    .transform((v) => v === 'production'),
);
export const logLevel = envVar('LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'));
/** The local cloud and a gateway node each listen on PORT, with their own default. */
export const listenPort = (fallback: number) => envVar('PORT', z.coerce.number().int().min(0).max(65_535).default(fallback));
export const dataDir = envVar('DATA_DIR', z.string().min(1).default('.data'));

export const database = z.object({
  url: envVar('DATABASE_URL', url(['postgres', 'postgresql'])),
  /** Connections per process; a send batch (group commit) holds one, see SqlMessageStore. */
  poolSize: envVar('DATABASE_POOL_SIZE', int(4)),
});
/** One Redis, or a Redis Cluster as `redis+cluster://host:port,host:port` (see config/redis-url.ts). */
export const redisUrl = envVar(
  'REDIS_URL',
  z
    .string()
    .trim()
    .refine((v) => isRedisClusterUrl(v) || /^rediss?:\/\//.test(v), 'must be a redis or rediss URL, or redis+cluster://host:port,host:port')
    .refine((v) => !isRedisClusterUrl(v) || parseRedisClusterUrl(v) !== undefined, 'a redis+cluster URL lists host:port seed nodes separated by commas')
    .optional(),
);
export const redis = z.object({ url: redisUrl });
/** MongoDB for message history; without it messages live in PostgreSQL (or PGlite). */
export const mongodb = z.object({ url: envVar('MONGODB_URL', unsetIfBlank(url(['mongodb', 'mongodb+srv']))) });

/** Must be the same for the gateway and the functions: both read the same presence entries. */
export const presenceTtlMs = envVar('PRESENCE_TTL_MS', int(60_000, 1_000));
export const presence = z.object({ ttlMs: presenceTtlMs });

export const productionServices: Rule = (env) => {
  if (env.NODE_ENV !== 'production') return [];
  return [
    !env.DATABASE_URL && 'DATABASE_URL: required in production (the embedded PGlite is for local runs)',
    !env.REDIS_URL && 'REDIS_URL: required in production (memory adapters are per instance)',
    // The memory queue is per instance: jobs enqueued there would never reach a worker function.
    !env.AMQP_URL && 'AMQP_URL: required in production (the in-process job queue is per instance)',
  ].filter((p): p is string => typeof p === 'string');
};

/** How many of `names` are set to something other than blanks. */
export const countSet = (env: Record<string, string | undefined>, ...names: string[]) => names.filter((n) => env[n]?.trim()).length;
