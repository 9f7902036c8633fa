import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient, until } from './test-support/ws-client.js';

const MAX_BUFFERED = 256 * 1024;
let cluster: Cluster;
let port: number;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  cluster = await startCluster({
    nodes: 1,
    limits: { maxBufferedBytes: MAX_BUFFERED, maxPayloadBytes: 8 * 1024, closeGraceMs: 20_000, framesPerSecond: 5, frameBurst: 10 },
  });
  port = cluster.nodes[0]!.port;
});
afterAll(() => cluster.close());

describe('back-pressure', () => {
  it('closes a client that stops reading with 4001, and the node’s buffer stays bounded', async () => {
    const conv = cluster.chat.createConversation(['slo', 'fas']);
    const slow = await TestClient.ready(port, await cluster.tokens.issue('slo'));
    const fast = await TestClient.ready(port, await cluster.tokens.issue('fas'));
    const node = cluster.nodes[0]!;
    (slow.ws as unknown as { _socket: Socket })._socket.pause();
    const text = 'x'.repeat(3_500);
    let peak = 0;
    for (let i = 0; i < 20_000 && node.metrics.slowConsumerCloses === 0; i++) {
      await cluster.chat.sendMessage({ userId: 'fas', accessToken: '' }, { conversationId: conv, clientMsgId: `f${i}`, text });
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      peak = Math.max(peak, node.bufferedBytes());
    }
    expect(node.metrics.slowConsumerCloses).toBe(1);
    expect(peak).toBeLessThanOrEqual(MAX_BUFFERED + 8 * 1024);
    // The fast reader kept up and is still connected.
    await sleep(50);
    expect(fast.closeCode).toBeUndefined();
    (slow.ws as unknown as { _socket: Socket })._socket.resume();
    expect(await slow.closed(15_000)).toBe(4001);
    expect(node.metrics.render()).toMatch(/chat_gateway_slow_consumer_closes_total 1/);
    fast.close();
  }, 60_000);
});

describe('client frames', () => {
  it('closes with 4102 on a frame over the size limit', async () => {
    const client = await TestClient.ready(port, await cluster.tokens.issue('big'));
    client.send({ type: 'ping', ref: 'x'.repeat(10_000) });
    expect(await client.closed()).toBe(4102);
  });

  it('closes with 4102 on frames that are not protocol v1', async () => {
    for (const bad of ['not json', '[1,2]', JSON.stringify({ type: 'shout' }), JSON.stringify({ no: 'type' })]) {
      const client = await TestClient.ready(port, await cluster.tokens.issue('bad'));
      client.ws.send(bad);
      expect(await client.closed()).toBe(4102);
    }
    const binary = await TestClient.ready(port, await cluster.tokens.issue('bin'));
    binary.ws.send(Buffer.from([1, 2, 3]));
    expect(await binary.closed()).toBe(4102);
  });

  it('acts on no frame after one that closed the connection (found by the fuzz suite)', async () => {
    const conv = cluster.chat.createConversation(['aft']);
    const send = JSON.stringify({ type: 'message.send', conversationId: conv, clientMsgId: 'after-close', text: 'must not be stored' });
    const client = await TestClient.ready(port, await cluster.tokens.issue('aft'));
    // Both frames leave in one write, so the gateway reads the send before its close completes.
    client.ws.send('not json');
    client.ws.send(send);
    expect(await client.closed()).toBe(4102);
    // Frames sent before ready are replayed together: the same holds there.
    const early = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['chat.v1', `bearer.${await cluster.tokens.issue('aft')}`]);
    early.on('open', () => {
      early.send('not json');
      early.send(send);
    });
    await new Promise((resolve) => early.on('close', resolve));
    await sleep(100);
    expect(cluster.chat.conversations.get(conv)!.messages).toEqual([]);
  });

  it('answers a malformed known frame with an error and keeps the connection', async () => {
    const client = await TestClient.ready(port, await cluster.tokens.issue('val'));
    client.send({ type: 'read', ref: 'r1', conversationId: 'c', seq: -1 });
    expect(await client.next('error')).toMatchObject({ ref: 'r1', error: { code: 'validation_failed', details: [{ field: 'seq' }] } });
    expect(client.closeCode).toBeUndefined();
    client.close();
  });

  it('rate-limits frames past the burst with error frames', async () => {
    const client = await TestClient.ready(port, await cluster.tokens.issue('spam'));
    for (let i = 0; i < 30; i++) client.send({ type: 'ping', ref: `p${i}` });
    await until(() => client.of('pong').length + client.of('error').length === 30);
    expect(client.of('pong').length).toBeLessThanOrEqual(12);
    // 20 frames/s sustained: the next one fits within a second.
    expect(client.of('error')[0]).toMatchObject({ error: { code: 'rate_limited', retryAfterSeconds: 1 } });
    client.close();
  });
});
