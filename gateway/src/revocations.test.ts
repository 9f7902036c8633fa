import { MemoryRealtimeHub } from '@chat/core/adapters/memory/realtime-bus';
import { revocationsChannel, type RealtimeBus } from '@chat/core/ports/realtime-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecentRevocations } from './revocations.js';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient } from './test-support/ws-client.js';

describe('RecentRevocations', () => {
  it('remembers a session for the TTL only', () => {
    let now = 1_000;
    const memory = new RecentRevocations(500, 10, () => now);
    memory.add('s1');
    expect(memory.has('s1')).toBe(true);
    expect(memory.has('s2')).toBe(false);
    now += 499;
    expect(memory.has('s1')).toBe(true);
    now += 1;
    expect(memory.has('s1')).toBe(false);
    expect(memory.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    let now = 0;
    const memory = new RecentRevocations(60_000, 3, () => now);
    for (const id of ['a', 'b', 'c', 'd']) {
      memory.add(id);
      now += 1;
    }
    expect(memory.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((id) => memory.has(id))).toEqual([false, true, true, true]);
  });

  it('prunes expired entries on add, and a repeated revocation counts from its latest time', () => {
    let now = 0;
    const memory = new RecentRevocations(100, 1_000, () => now);
    memory.add('a');
    memory.add('b');
    now = 60;
    memory.add('a');
    now = 120;
    memory.add('c');
    // 'b' (added at 0) expired and was pruned; 'a' was renewed at 60 and lives until 160.
    expect(memory.size).toBe(2);
    expect([memory.has('a'), memory.has('b'), memory.has('c')]).toEqual([true, false, true]);
  });
});

describe('session.revoked on the bus', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2 });
  });
  afterAll(() => cluster.close());

  const revoke = (sessionId: string) => cluster.bus.publish(revocationsChannel, { type: 'session.revoked', sessionId });

  it("closes the session's sockets on every node with 4101 and leaves other sessions of the user open", async () => {
    const [a, b] = cluster.nodes.map((n) => n.port) as [number, number];
    const onA = await TestClient.ready(a, await cluster.tokens.issue('ivy', 's-ivy-laptop'));
    const onB = await TestClient.ready(b, await cluster.tokens.issue('ivy', 's-ivy-laptop'));
    const phone = await TestClient.ready(a, await cluster.tokens.issue('ivy', 's-ivy-phone'));
    await revoke('s-ivy-laptop');
    expect(await onA.closed()).toBe(4101);
    expect(await onB.closed()).toBe(4101);
    phone.send({ type: 'ping', ref: 'p' });
    expect(await phone.next('pong')).toMatchObject({ ref: 'p' });
    phone.close();
  });

  it('refuses a socket of a session revoked after its token passed the KV check (memory, no mark)', async () => {
    // No revocation mark is set: only the node's memory of the event can refuse this socket.
    await revoke('s-raced');
    await new Promise((r) => setTimeout(r, 20));
    const client = TestClient.open(cluster.nodes[1]!.port, await cluster.tokens.issue('jon', 's-raced'));
    expect(await client.closed()).toBe(4101);
    expect(client.of('ready')).toEqual([]);
  });
});

describe('after a bus reconnect', () => {
  it('closes the sockets of sessions revoked meanwhile, asking the revocation marks', async () => {
    // The memory bus never reconnects: this one lets the test say it did (as Redis would).
    const hub = new MemoryRealtimeHub();
    const listeners: (() => void)[] = [];
    const bus = (): RealtimeBus => Object.assign(hub.bus(), { onResubscribed: (l: () => void) => listeners.push(l) });
    const cluster = await startCluster({ nodes: 1, bus });
    try {
      const port = cluster.nodes[0]!.port;
      const missed = await TestClient.ready(port, await cluster.tokens.issue('kim', 's-missed'));
      const kept = await TestClient.ready(port, await cluster.tokens.issue('kim', 's-kept'));
      // Revoked while the bus was down: the mark is there, the event never arrived.
      await cluster.kv.set('session-revoked:s-missed', '1');
      for (const listener of listeners) listener();
      expect(await missed.closed()).toBe(4101);
      kept.send({ type: 'ping', ref: 'k' });
      expect(await kept.next('pong')).toMatchObject({ ref: 'k' });
      kept.close();
    } finally {
      await cluster.close();
    }
  });
});
