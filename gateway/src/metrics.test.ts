import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics, serveHttp } from './metrics.js';

describe('GatewayMetrics', () => {
  it('observes publish-to-deliver latency from the creation time and renders a cumulative histogram', () => {
    const metrics = new GatewayMetrics(() => 10_000);
    metrics.delivered(9_997); // 3 ms
    metrics.delivered(9_700); // 300 ms
    metrics.delivered(10_500); // a clock ahead of ours counts as 0, never negative
    const text = metrics.render();
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_count 3$/m);
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_sum 0\.303$/m);
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_bucket\{le="0\.005"\} 2$/m);
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_bucket\{le="\+Inf"\} 3$/m);
  });

  it('ignores a creation time that did not parse', () => {
    const metrics = new GatewayMetrics(() => 10_000);
    metrics.delivered(Number.NaN);
    expect(metrics.render()).toMatch(/^chat_gateway_publish_latency_seconds_count 0$/m);
  });
});

describe('GET /healthz', () => {
  it('is 503 degraded while the bus has lost its server, and ok again once it is back', async () => {
    const metrics = new GatewayMetrics();
    let up = false;
    metrics.busConnected = () => up;
    const server = createServer((req, res) => serveHttp(req, res, metrics));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const down = await fetch(`${url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'degraded', bus: 'disconnected' });
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^chat_gateway_bus_connected 0$/m);
    up = true;
    const ok = await fetch(`${url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', bus: 'connected' });
    await new Promise((resolve) => server.close(resolve));
  });
});
