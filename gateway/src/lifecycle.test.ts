import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient } from './test-support/ws-client.js';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const get = (port: number, path: string) => fetch(`http://127.0.0.1:${port}${path}`);

describe('connection health', () => {
  it('answers client ping with pong and closes clients that stop answering pings with 4002', async () => {
    cluster = await startCluster({ nodes: 1, limits: { pingIntervalMs: 300 } });
    const port = cluster.nodes[0]!.port;
    const healthy = await TestClient.ready(port, await cluster.tokens.issue('hep'));
    const silent = TestClient.open(port, await cluster.tokens.issue('sil'), { autoPong: false });
    await silent.next('ready');
    healthy.send({ type: 'ping' });
    await healthy.next('pong');
    expect(await silent.closed(3_000)).toBe(4002);
    expect(healthy.closeCode).toBeUndefined();
    healthy.close();
  });
});

describe('drain', () => {
  it('closes every socket with 4000, refuses new ones and reports 503 on /healthz', async () => {
    cluster = await startCluster({ nodes: 2 });
    const [one, two] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    cluster.chat.createConversation(['dra', 'inn']);
    const clients = await Promise.all(['dra', 'inn'].map(async (u) => TestClient.ready(one.port, await cluster!.tokens.issue(u))));
    const unauthenticated = TestClient.open(one.port, undefined);
    const other = await TestClient.ready(two.port, await cluster.tokens.issue('dra'));
    expect((await get(one.port, '/healthz')).status).toBe(200);
    await one.drain();
    for (const c of clients) expect(await c.closed()).toBe(4000);
    expect([4000, 4100]).toContain(await unauthenticated.closed());
    expect((await get(one.port, '/healthz')).status).toBe(503);
    await expect(TestClient.open(one.port, await cluster.tokens.issue('dra')).opened).rejects.toThrow(/503/);
    // The other node is untouched: clients reconnect there.
    expect(other.closeCode).toBeUndefined();
    expect(one.metrics.connections).toBe(0);
    other.close();
  });
});

describe('HTTP endpoints', () => {
  it('serves /healthz and Prometheus /metrics', async () => {
    cluster = await startCluster({ nodes: 1 });
    const port = cluster.nodes[0]!.port;
    const conv = cluster.chat.createConversation(['met', 'ric']);
    const met = await TestClient.ready(port, await cluster.tokens.issue('met'));
    const ric = await TestClient.ready(port, await cluster.tokens.issue('ric'));
    met.send({ type: 'message.send', ref: 'a', conversationId: conv, clientMsgId: 'm1', text: 'hi' });
    await ric.next('message.new');
    const health = await get(port, '/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', connections: 2 });
    const metrics = await get(port, '/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await metrics.text();
    expect(text).toMatch(/^# TYPE chat_gateway_connections gauge$/m);
    expect(text).toMatch(/^chat_gateway_connections 2$/m);
    expect(text).toMatch(/^chat_gateway_messages_in_total\{type="message.send"\} 1$/m);
    expect(text).toMatch(/^chat_gateway_messages_out_total\{type="message.new"\} 2$/m);
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_count 2$/m);
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_bucket\{le="\+Inf"\} 2$/m);
    expect(text).toMatch(/^chat_gateway_slow_consumer_closes_total 0$/m);
    expect((await get(port, '/nope')).status).toBe(404);
    met.close();
    ric.close();
  });
});
