import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { AppError } from '../../domain/errors.js';
import { createRedisClient, isCluster, pipelined } from './client.js';
import { RedisKeyValueStore } from './key-value.js';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('createRedisClient', () => {
  it('gives a Cluster for redis+cluster:// and a Redis otherwise', async () => {
    const cluster = createRedisClient(requireServiceUrl('REDIS_CLUSTER_URL'));
    const single = createRedisClient(requireServiceUrl('REDIS_URL'));
    expect([isCluster(cluster), isCluster(single)]).toEqual([true, false]);
    // The harness cluster has three masters.
    await cluster.ping();
    expect(isCluster(cluster) && cluster.nodes('master')).toHaveLength(3);
    await Promise.all([cluster.quit(), single.quit()]);
  });

  it('fails commands as dependency_unavailable when no cluster node answers, instead of queueing them forever', async () => {
    const kv = RedisKeyValueStore.connect(`redis+cluster://127.0.0.1:${await closedPort()},127.0.0.1:${await closedPort()}`);
    const started = Date.now();
    const error = await kv.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('dependency_unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);
    await kv.close();
  });

  it.each([
    ['one Redis', 'REDIS_URL'],
    ['a Redis Cluster', 'REDIS_CLUSTER_URL'],
  ] as const)('pipelined answers in call order on %s, keys on every shard', async (_, name) => {
    const redis = createRedisClient(requireServiceUrl(name));
    const keys = Array.from({ length: 30 }, (_, i) => `test:${randomUUID()}:${i}`);
    await pipelined(
      redis,
      keys.map((k, i) => (p) => p.set(k, String(i), 'PX', 10_000)),
    );
    const replies = await pipelined(
      redis,
      keys.map((k) => (p) => p.get(k)),
    );
    expect(replies).toEqual(keys.map((_, i) => [null, String(i)]));
    await redis.quit();
  });
});
