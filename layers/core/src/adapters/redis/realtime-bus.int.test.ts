import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import { parseRedisClusterUrl } from '../../config/redis-url.js';
import type { RealtimeEvent } from '../../domain/chat/events.js';
import { describeRealtimeBusContract } from '../../ports/realtime-bus.contract.js';
import { RedisRealtimeBus } from './realtime-bus.js';

describeRealtimeBusContract('Redis', async () => RedisRealtimeBus.connect(requireServiceUrl('REDIS_URL')));
describeRealtimeBusContract('Redis Cluster', async () => RedisRealtimeBus.connect(requireServiceUrl('REDIS_CLUSTER_URL')));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

/** Every server of `url` (the masters, for a cluster), to find and kill connections by name. */
function servers(url: string): Redis[] {
  const cluster = parseRedisClusterUrl(url);
  return cluster ? cluster.nodes.map((n) => new Redis(n.port, n.host)) : [new Redis(url)];
}

/** Kills every connection whose name contains `name`; returns how many. */
async function killConnections(url: string, name: string): Promise<number> {
  let killed = 0;
  for (const admin of servers(url)) {
    const clients = (await admin.client('LIST')) as string;
    for (const line of clients.split('\n').filter((l) => l.includes(name))) {
      await admin.client('KILL', 'ID', line.match(/id=(\d+)/)![1]!);
      killed++;
    }
    await admin.quit();
  }
  return killed;
}

describe.each([
  // One Redis: the bus's own subscriber connection. A cluster: ioredis' subscriber per shard.
  { name: 'Redis', url: () => requireServiceUrl('REDIS_URL'), connection: (bus: string) => `name=${bus}-sub` },
  { name: 'Redis Cluster', url: () => requireServiceUrl('REDIS_CLUSTER_URL'), connection: (bus: string) => `(ssubscriber)` + `:${bus}-sub` },
])('RedisRealtimeBus on $name', ({ url: urlOf, connection }) => {
  it('subscribes many channels in one loop turn (several sharing a slot, several not), and each delivers', async () => {
    const url = urlOf();
    const bus = RedisRealtimeBus.connect(url);
    const publisher = RedisRealtimeBus.connect(url);
    const tag = randomUUID();
    // Channels of one hash tag share a slot and may go in one SSUBSCRIBE; the others spread over the masters.
    const channels = [...Array.from({ length: 5 }, (_, i) => `batch:{${tag}}:${i}`), ...Array.from({ length: 20 }, () => `batch:${randomUUID()}`)];
    const got = new Map<string, number>();
    try {
      await Promise.all(channels.map((c) => bus.subscribe(c, () => got.set(c, (got.get(c) ?? 0) + 1))));
      for (const c of channels) await publisher.publish(c, { type: 'typing', conversationId: c, userId: 'u', state: 'start' } as RealtimeEvent);
      await until(() => got.size === channels.length);
      expect([...got.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await Promise.all([bus.close(), publisher.close()]);
    }
  });

  it('subscribes again after the subscriber connection is dropped, and says so', async () => {
    const url = urlOf();
    const name = `bus-test-${randomUUID().slice(0, 8)}`;
    const bus = RedisRealtimeBus.connect(url, { name });
    const publisher = RedisRealtimeBus.connect(url);
    const channel = `contract:${randomUUID()}:reconnect`;
    const got: RealtimeEvent[] = [];
    let resubscribed = 0;
    bus.onResubscribed(() => resubscribed++);
    await bus.subscribe(channel, (e) => got.push(e));

    expect(await killConnections(url, connection(name))).toBe(1);

    await until(() => resubscribed === 1);
    await publisher.publish(channel, { type: 'typing', conversationId: 'c', userId: 'u', state: 'start' });
    await until(() => got.length === 1);
    expect(got[0]).toMatchObject({ type: 'typing', state: 'start' });

    await Promise.all([bus.close(), publisher.close()]);
  });
});
