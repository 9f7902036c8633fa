import type { KeyValueStore } from '../../ports/key-value.js';
import { createRedisClient, isCluster, type RedisClient } from './client.js';
import { ignoreReconnectErrors, rethrowRedisError } from './redis-error.js';

// INCRBY then PEXPIRE NX in one round trip and atomically: the TTL is set only when the key is new.
const INCREMENT = `
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {n, ttl}`;

// The check and the INCR in one script, so racing callers cannot all pass the check first.
const RESERVE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return {0, n, redis.call('PTTL', KEYS[1])} end
n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {1, n, ttl}`;

// DECR only an existing positive count: a release after the window ended must not start a new one.
const RELEASE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

/**
 * Every command's failure goes through rethrowRedisError: Redis being down is `dependency_unavailable`.
 * Each script touches one key, so it runs on a Redis Cluster as it does on one Redis.
 */
export class RedisKeyValueStore implements KeyValueStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = '',
  ) {
    ignoreReconnectErrors(redis);
  }

  static connect(url: string, prefix = ''): RedisKeyValueStore {
    return new RedisKeyValueStore(createRedisClient(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableAutoPipelining: true }), prefix);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key).catch(rethrowRedisError)) ?? undefined;
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}): Promise<void> {
    if (options.ttlMs) await this.redis.set(this.prefix + key, value, 'PX', options.ttlMs).catch(rethrowRedisError);
    else await this.redis.set(this.prefix + key, value).catch(rethrowRedisError);
  }

  async setIfAbsent(key: string, value: string, options: { ttlMs?: number } = {}): Promise<boolean> {
    const result = await (
      options.ttlMs ? this.redis.set(this.prefix + key, value, 'PX', options.ttlMs, 'NX') : this.redis.set(this.prefix + key, value, 'NX')
    ).catch(rethrowRedisError);
    return result === 'OK';
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const prefixed = keys.map((k) => this.prefix + k);
    // A multi-key DEL across slots is a CROSSSLOT error on a cluster: one DEL per key there.
    if (isCluster(this.redis)) await Promise.all(prefixed.map((k) => this.redis.del(k))).catch(rethrowRedisError);
    else await this.redis.del(...prefixed).catch(rethrowRedisError);
  }

  async increment(key: string, options: { ttlMs: number; by?: number }): Promise<{ count: number; ttlMs: number }> {
    const [count, ttlMs] = (await this.redis.eval(INCREMENT, 1, this.prefix + key, options.by ?? 1, options.ttlMs).catch(rethrowRedisError)) as [
      number,
      number,
    ];
    return { count, ttlMs };
  }

  async reserve(key: string, options: { limit: number; ttlMs: number }): Promise<{ reserved: boolean; count: number; ttlMs: number }> {
    const [reserved, count, ttlMs] = (await this.redis.eval(RESERVE, 1, this.prefix + key, options.limit, options.ttlMs).catch(rethrowRedisError)) as [
      number,
      number,
      number,
    ];
    return { reserved: reserved === 1, count, ttlMs };
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + key).catch(rethrowRedisError);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
