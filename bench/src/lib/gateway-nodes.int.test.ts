import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_DIST } from '../../../scripts/build/gateway.js';
import { requireServiceUrl } from '../../../test/harness-env.js';
import { connectOurs } from '../fanout/our-client.js';
import { collectGarbage } from './collect-garbage.js';
import { startGatewayNodes, type GatewayNodes } from './gateway-nodes.js';
import type { RawWebSocket } from './raw-ws.js';
import { seedChat, type Seeded } from './seed.js';
import { until } from './until.js';

// The gateway as deployed: the esbuild bundle (dist/gateway/index.mjs) under plain node, on real
// PostgreSQL and Redis (one, and the harness's cluster: REDIS_URL=redis+cluster://…), serving the
// WebSocket protocol end to end.
describe.each([
  { redis: 'one Redis', url: () => requireServiceUrl('REDIS_URL') },
  { redis: 'a Redis Cluster', url: () => requireServiceUrl('REDIS_CLUSTER_URL') },
])('gateway nodes: the built gateway on $redis', ({ url }) => {
  let seeded: Seeded;
  let gateways: GatewayNodes;
  const sockets: RawWebSocket[] = [];

  beforeAll(async () => {
    seeded = await seedChat({
      users: 2,
      groupSize: 2,
      databaseUrl: requireServiceUrl('DATABASE_URL'),
      redisUrl: url(),
      amqpUrl: requireServiceUrl('AMQP_URL'),
    });
    gateways = await startGatewayNodes(2, seeded.gatewayEnv);
  });
  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await gateways?.stop();
    await seeded?.drop();
  });

  it('runs dist/gateway/index.mjs under plain node, without tsx', async () => {
    for (const node of gateways.nodes) {
      const argv = (await readFile(`/proc/${node.pid}/cmdline`, 'utf8')).split('\0');
      expect(argv).toContain(path.join(GATEWAY_DIST, 'index.mjs'));
      expect(argv.join(' ')).not.toMatch(/tsx/);
      expect(argv).toContain('--max-semi-space-size=8');
    }
  });

  it('collects garbage on SIGUSR2 and reports each node’s young generation', async () => {
    const young = await collectGarbage(gateways.nodes.map((n) => n.pid));
    expect(young).toHaveLength(2);
    for (const bytes of young) expect(bytes).toBeGreaterThan(0);
    for (const bytes of young) expect(bytes).toBeLessThanOrEqual(2 * 8 * 2 ** 20 + 2 ** 20); // two 8 MiB semi-spaces (node-flags.ts), large objects aside
  });

  it('connects members on both nodes and delivers a message sent on one to the other', async () => {
    const frames: { type: string; text?: string }[][] = [[], []];
    // A failure shows what the nodes logged (a missing setting, a module the bundle lost).
    const withOutput = (error: unknown) => {
      throw new Error(`${String(error)}\n${gateways.output()}`);
    };
    for (const i of [0, 1]) {
      const onFrame = (buffer: Buffer, start: number, end: number) => frames[i]!.push(JSON.parse(buffer.toString('utf8', start, end)) as { type: string });
      sockets.push(await connectOurs(gateways.nodes[i]!.url, seeded.users[i]!.token, { onFrame, onClose: () => undefined }).catch(withOutput));
    }
    const conversationId = seeded.groups[0]!.id;
    sockets[0]!.send(JSON.stringify({ type: 'message.send', ref: 'r1', conversationId, clientMsgId: 'c1', text: 'built' }));
    await until(() => frames[1]!.some((f) => f.type === 'message.new'), 10_000).catch(withOutput);
    expect(frames[0]!.find((f) => f.type === 'error')).toBeUndefined();
    gateways.check();
  });
});
