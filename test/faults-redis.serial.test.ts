import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPresenceStore } from '@chat/core/adapters/redis/presence-store';
import { RedisRealtimeBus } from '@chat/core/adapters/redis/realtime-bus';
import { startCluster, type Cluster } from '../gateway/src/test-support/cluster.js';
import { TestClient, until } from '../gateway/src/test-support/ws-client.js';
import { requireServiceUrl } from './harness-env.js';
import { serviceOutage } from './support/outage.js';

/*
 * Acceptance (issue 11 §3): Redis is restarted (stopped, started empty on the same port) while two
 * gateway nodes carry live traffic. The nodes reconnect and resubscribe by themselves, /healthz
 * says so while it lasts, clients that resume have every message once and in order, and presence
 * recovers. The chat service is the gateway tests' FakeChat: it stores a message, then publishes it
 * on the same Redis and, like the real one (wiring/chat.ts), shrugs off a failed publish, so sends
 * keep being acknowledged; what the gateway itself publishes (typing) fails as dependency_unavailable.
 */

const run = randomUUID().slice(0, 8);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const health = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; bus: string } };
};

describe('a Redis restart under two gateway nodes', () => {
  const outage = serviceOutage('redis');
  const clients: TestClient[] = [];
  let cluster: Cluster;
  let buses = 0;

  const connect = async (port: number, userId: string) => {
    const client = await TestClient.ready(port, await cluster.tokens.issue(userId));
    clients.push(client);
    return client;
  };
  const everyNode = async (status: number) => {
    for (const node of cluster.nodes) if ((await health(node.port)).status !== status) return false;
    return true;
  };
  const waitFor = async (check: () => Promise<boolean>, what: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };

  beforeAll(async () => {
    const url = requireServiceUrl('REDIS_URL');
    cluster = await startCluster({
      nodes: 2,
      // Bus 0 is the chat service's; the others belong to the nodes.
      bus: () => RedisRealtimeBus.connect(url, { prefix: `fault:${run}:`, name: `fault-${run}-${buses++}` }),
      presence: () => RedisPresenceStore.connect(url, { ttlMs: 5_000, prefix: `fault:${run}:` }),
      // Heartbeats often, so presence lost with Redis' data is written again within the test.
      limits: { gapWaitMs: 50, presenceHeartbeatMs: 500, presenceSweepMs: 1_000 },
    });
  });
  afterAll(async () => {
    // First: Redis must be back for the cleanup and for whatever runs next.
    await outage.end();
    for (const c of clients) c.close();
    await cluster?.close();
  });

  it('reconnects, reports the outage on /healthz, and resumed clients have every message once, in order', async () => {
    const chat = cluster.chat;
    chat.publish = (channel, event) => chat.bus.publish(channel, event).catch(() => undefined);
    const conv = chat.createConversation(['f-ann', 'f-bob']);
    const [portA, portB] = cluster.nodes.map((n) => n.port) as [number, number];
    const ann = await connect(portA, 'f-ann');
    const bob = await connect(portB, 'f-bob');
    expect(await everyNode(200)).toBe(true);

    // Live traffic for the whole test: ann sends every 40 ms over node A.
    let sending = true;
    let sent = 0;
    const traffic = (async () => {
      while (sending) {
        ann.send({ type: 'message.send', ref: `r${sent}`, conversationId: conv, clientMsgId: `m${sent}`, text: `message ${sent}` });
        sent++;
        await sleep(40);
      }
    })();
    await until(() => bob.seqs(conv).length >= 5, 10_000, 'traffic before the outage');
    await waitFor(() => cluster.presence.isOnline('f-bob'), 'bob online before the outage');

    await outage.begin();
    await waitFor(() => everyNode(503), '/healthz 503 on both nodes');
    expect((await health(portA)).body).toMatchObject({ status: 'degraded', bus: 'disconnected' });
    // Bob's socket drops during the outage; he comes back later with what he had.
    const bobHad = bob.seqs(conv);
    bob.close();
    // What the node publishes itself is refused with a wait: never `internal`.
    for (let k = 0; ann.of('error').length === 0; k++) {
      ann.send({ type: 'typing', ref: `t${k}`, conversationId: conv, state: 'start' });
      await sleep(200);
    }
    const duringOutage = sent;
    await until(() => sent >= duringOutage + 10, 5_000, 'sends during the outage');
    await outage.end();
    await waitFor(() => everyNode(200), '/healthz 200 again on both nodes');

    const acked = ann.of('ack').length;
    await until(() => ann.of('ack').length >= acked + 3, 10_000, 'sends acknowledged again');
    sending = false;
    await traffic;
    await until(() => ann.of('ack').length === sent, 10_000, 'an ack for every send');
    const errors = ann.of('error').map((f) => ({ ref: String(f.ref), ...(f.error as { code: string; retryAfterSeconds?: number }) }));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((e) => !e.ref.startsWith('t') || e.code !== 'dependency_unavailable' || e.retryAfterSeconds !== 2)).toEqual([]);

    const bob2 = await connect(portA, 'f-bob');
    bob2.send({ type: 'resume', positions: { [conv]: Math.max(0, ...bobHad) } });
    ann.send({ type: 'resume', positions: { [conv]: Math.max(0, ...ann.seqs(conv)) } });
    await bob2.next('resumed', () => true, 10_000);
    await ann.next('resumed', () => true, 10_000);
    // Every stored message (also those whose publish failed) reaches both, once and in order.
    const stored = chat.conversations.get(conv)!.messages.length;
    expect(stored).toBe(sent);
    await until(() => ann.seqs(conv).length >= stored && bobHad.length + bob2.seqs(conv).length >= stored, 10_000, 'every message');
    await sleep(300); // room for a duplicate to show up
    expect(ann.seqs(conv)).toEqual(range(1, stored));
    expect([...bobHad, ...bob2.seqs(conv)]).toEqual(range(1, stored));

    // Presence: Redis came back empty; the nodes' heartbeats register their connections again.
    await waitFor(async () => (await cluster.presence.isOnline('f-ann')) && (await cluster.presence.isOnline('f-bob')), 'presence after the restart', 10_000);
  }, 90_000);
});
