import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient } from './test-support/ws-client.js';

const APP = 'https://app.example.com';
let cluster: Cluster;
let port: number;

beforeAll(async () => {
  cluster = await startCluster({ nodes: 1, allowedOrigins: [APP] });
  port = cluster.nodes[0]!.port;
});
afterAll(() => cluster.close());

describe('WebSocket upgrade Origin check', () => {
  it('accepts a browser on an allowed origin, and a client that sends no Origin (not a browser)', async () => {
    const token = await cluster.tokens.issue('ori');
    const browser = TestClient.open(port, token, { origin: APP });
    expect(await browser.next('ready')).toMatchObject({ type: 'ready' });
    const native = await TestClient.ready(port, token);
    browser.close();
    native.close();
  });

  it('refuses the upgrade with 403 for any other origin, before reading the token', async () => {
    for (const origin of ['https://evil.example', `${APP}.evil.example`, 'null', 'http://app.example.com']) {
      const client = TestClient.open(port, await cluster.tokens.issue('ori'), { origin });
      await expect(client.opened, origin).rejects.toThrow('upgrade refused: 403');
    }
  });
});
