import { Cluster, Redis, type ChainableCommander, type ClusterOptions, type RedisOptions } from 'ioredis';
import { isRedisClusterUrl, parseRedisClusterUrl } from '../../config/redis-url.js';

/** One Redis or a Redis Cluster; both speak the same commands, routed per key on the cluster. */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions extends RedisOptions {
  /** Cluster-level options (e.g. `shardedSubscribers`); ignored for a single Redis. */
  cluster?: Omit<ClusterOptions, 'redisOptions'>;
}

/**
 * `redis://` and `rediss://` give a `Redis`, `redis+cluster://h:p,h:p` a `Cluster` whose node
 * connections get `options`. The URL was validated with the config (config/redis-url.ts).
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisClient {
  const { cluster, ...redisOptions } = options;
  if (!isRedisClusterUrl(url)) return new Redis(url, redisOptions);
  const target = parseRedisClusterUrl(url);
  if (!target) throw new Error('REDIS_URL: a redis+cluster URL lists host:port seed nodes separated by commas');
  const { lazyConnect, enableReadyCheck, maxRetriesPerRequest, enableAutoPipelining, ...nodeOptions } = redisOptions;
  return new Cluster(target.nodes, {
    lazyConnect,
    enableReadyCheck,
    // A cluster pipelines per node itself (commands of one turn to one master share a write).
    ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
    clusterRetryStrategy: retryFailingQueued(maxRetriesPerRequest),
    ...cluster,
    redisOptions: {
      ...nodeOptions,
      ...(target.username === undefined ? {} : { username: target.username }),
      ...(target.password === undefined ? {} : { password: target.password }),
      ...(target.tls ? { tls: {} } : {}),
    },
  });
}

/**
 * A Cluster that reaches none of its nodes keeps every command in its offline queue for as long as
 * it keeps reconnecting, i.e. forever: a request would hang instead of failing. One Redis fails its
 * commands after `maxRetriesPerRequest` reconnects; this does the same for the cluster's queue
 * (`Connection is closed…` → dependency_unavailable) and keeps reconnecting with ioredis' default
 * delays. `null` (the bus's subscriber) waits, as it does on one Redis.
 */
function retryFailingQueued(maxRetries: number | null | undefined): (this: Cluster, times: number) => number {
  return function (this: Cluster, times: number) {
    if (typeof maxRetries === 'number' && times > maxRetries) {
      // flushQueue is private in the typings; it is what the cluster itself calls when it gives up.
      (this as unknown as { flushQueue(error: Error): void }).flushQueue(
        new Error(`Connection is closed: no Redis Cluster node reachable (${times} attempts)`),
      );
    }
    return Math.min(100 + times * 2, 2000);
  };
}

export const isCluster = (redis: RedisClient): redis is Cluster => redis instanceof Cluster;

type Reply = [error: Error | null, result: unknown];

/**
 * Runs `calls` in one pipeline on a single Redis (one round trip, as before clusters). A cluster
 * pipeline must stay on one node, so there each call is its own pipeline, all sent at once.
 */
export async function pipelined(redis: RedisClient, calls: ((p: ChainableCommander) => unknown)[]): Promise<Reply[]> {
  const run = async (batch: typeof calls): Promise<Reply[]> => {
    const pipeline = redis.pipeline();
    for (const call of batch) call(pipeline);
    return ((await pipeline.exec()) ?? []) as Reply[];
  };
  if (!isCluster(redis)) return run(calls);
  const replies = await Promise.all(calls.map((call) => run([call])));
  return replies.map((r) => r[0] ?? [new Error('no reply'), null]);
}
