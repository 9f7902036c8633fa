import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisClusterUrl } from '@chat/core/config/redis-url';
import { RedisPresenceStore } from '@chat/core/adapters/redis/presence-store';
import { RedisRealtimeBus } from '@chat/core/adapters/redis/realtime-bus';
import { requireServiceUrl } from '../../test/harness-env.js';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient, until } from './test-support/ws-client.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The servers behind `url`: the masters of a Redis Cluster, else the one Redis. */
const servers = (url: string) => parseRedisClusterUrl(url)?.nodes.map((n) => new Redis(n.port, n.host)) ?? [new Redis(url)];

// The same two-node scenario on one Redis and on the harness's three-master Redis Cluster. On the
// cluster, conversation channels hash to different shards and ioredis holds one subscriber per shard.
describe.each([
  { redis: 'one Redis', url: () => requireServiceUrl('REDIS_URL'), subscriber: (bus: string) => `name=${bus}-sub` },
  { redis: 'a Redis Cluster', url: () => requireServiceUrl('REDIS_CLUSTER_URL'), subscriber: (bus: string) => `(ssubscriber):${bus}-sub` },
])('gateway nodes over Redis sharded pub/sub on $redis', ({ url: urlOf, subscriber }) => {
  const run = randomUUID().slice(0, 8);
  let cluster: Cluster;
  let url: string;
  let buses = 0;
  const clients: TestClient[] = [];

  async function connect(port: number, userId: string): Promise<TestClient> {
    const client = await TestClient.ready(port, await cluster.tokens.issue(userId));
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    url = urlOf();
    cluster = await startCluster({
      nodes: 2,
      // Bus 0 is the chat service's; buses 1 and 2 belong to the nodes.
      bus: () => RedisRealtimeBus.connect(url, { prefix: `test:${run}:`, name: `gw-${run}-${buses++}` }),
      presence: () => RedisPresenceStore.connect(url, { ttlMs: 60_000, prefix: `test:${run}:` }),
      limits: { gapWaitMs: 50 },
    });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await cluster.close();
  });

  it('delivers each message once, in order, to members on both nodes', async () => {
    const conv = cluster.chat.createConversation(['r-ann', 'r-bob']);
    const [a, b] = cluster.nodes.map((n) => n.port) as [number, number];
    const ann = await connect(a, 'r-ann');
    const bob = await connect(b, 'r-bob');
    await Promise.all(range(1, 40).map((i) => (i % 2 ? ann : bob).send({ type: 'message.send', conversationId: conv, clientMsgId: `m${i}`, text: `${i}` })));
    for (const c of [ann, bob]) await until(() => c.seqs(conv).length >= 40);
    for (const c of [ann, bob]) expect(c.seqs(conv)).toEqual(range(1, 40));
    // Presence crosses nodes too: ann (node 1) hears that bob (node 2) came online.
    expect(await ann.next('presence', (f) => f.userId === 'r-bob')).toMatchObject({ status: 'online' });
  });

  it('reads back from the store what was published while a node’s subscriber connection was down', async () => {
    const conv = cluster.chat.createConversation(['r-cat', 'r-dan']);
    const cat = await connect(cluster.nodes[1]!.port, 'r-cat');
    let killed = 0;
    for (const admin of servers(url)) {
      const list = (await admin.client('LIST')) as string;
      for (const line of list.split('\n').filter((l) => l.includes(subscriber(`gw-${run}-2`)))) {
        await admin.client('KILL', 'ID', line.match(/id=(\d+)/)![1]!);
        killed++;
      }
      await admin.quit();
    }
    // One subscriber connection on one Redis; on the cluster one per shard with a subscription.
    expect(killed).toBeGreaterThanOrEqual(1);
    // Published while node 2 is not subscribed: lost on the bus, recovered from the store.
    await cluster.chat.sendMessage({ userId: 'r-dan', accessToken: '' }, { conversationId: conv, clientMsgId: 'during', text: 'during outage' });
    await until(() => cat.seqs(conv).length === 1, 10_000, 'recovered message');
    expect(cat.seqs(conv)).toEqual([1]);
    await cluster.chat.sendMessage({ userId: 'r-dan', accessToken: '' }, { conversationId: conv, clientMsgId: 'after', text: 'after' });
    await until(() => cat.seqs(conv).length === 2);
    expect(cat.seqs(conv)).toEqual([1, 2]);
  });
});
