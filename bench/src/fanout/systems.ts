import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBuild } from '../../../scripts/build/gateway.js';
import { SignJWT } from 'jose';
import { isRedisClusterUrl } from '@chat/core/config/redis-url';
import { centrifugoBinary, startCentrifugoNode } from '../centrifugo/server.js';
import { startGatewayNodes } from '../lib/gateway-nodes.js';
import type { Seeded } from '../lib/seed.js';
import { BENCH_DIST, startServerProcess, type ServerProcess } from '../lib/server-process.js';
import type { PublisherGroup } from './publisher-proc.js';
import type { SystemUnderTest } from './types.js';

/** The groups as the publisher sees them: conversation id, the peer's room, member user ids. */
export function publisherGroups(seeded: Pick<Seeded, 'users' | 'groups'>): PublisherGroup[] {
  return seeded.groups.map((g, i) => ({ id: g.id, room: `g${i}`, memberIds: g.members.map((m) => seeded.users[m]!.id) }));
}

/**
 * Our gateway: `nodes` processes of the gateway's build (dist/gateway, see lib/gateway-nodes.ts) on the seeded database and the real Redis.
 * User i connects to node i % nodes, so every group has members on every node.
 */
export async function startOurs(seeded: Seeded, nodes: number, nodeArgs: string[] | undefined): Promise<SystemUnderTest> {
  const gateways = await startGatewayNodes(nodes, seeded.gatewayEnv, nodeArgs ? { nodeArgs } : {});
  return {
    id: 'ours',
    label: 'fc-chat gateway',
    servers: gateways.nodes.map((n) => ({ name: n.name, pid: n.pid })),
    targets: seeded.users.map((u, i) => ({ target: { system: 'ours', url: gateways.nodes[i % nodes]!.url, token: u.token }, node: i % nodes })),
    groups: publisherGroups(seeded),
    check: () => gateways.check(),
    stop: () => gateways.stop(),
  };
}

/**
 * The Socket.IO + Redis adapter peer (bench/src/peer/server.ts), same nodes, users and groups. Built
 * with the gateway's esbuild settings and run under plain node like our nodes, so neither carries tsx.
 */
export async function startPeer(
  seeded: Pick<Seeded, 'users' | 'groups'>,
  nodes: number,
  groupSize: number,
  redisUrl: string,
  nodeArgs: string[] | undefined,
): Promise<SystemUnderTest> {
  const servers: ServerProcess[] = [];
  const stop = async () => void (await Promise.all(servers.map((s) => s.stop())));
  try {
    const build = await freshBuild(fileURLToPath(new URL('../peer/server.ts', import.meta.url)), path.join(BENCH_DIST, 'peer'));
    for (let i = 0; i < nodes; i++) {
      const env = { REDIS_URL: redisUrl, PEER_GROUP_SIZE: String(groupSize), NODE_ENV: 'production' };
      servers.push(await startServerProcess(`socket.io-${i}`, build.entry, env, nodeArgs ? { nodeArgs } : {}));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    id: 'peer',
    // On a cluster the peer runs the sharded adapter (peer/server.ts); the label says so in the report.
    label: isRedisClusterUrl(redisUrl) ? 'Socket.IO + sharded redis-adapter' : 'Socket.IO + redis-adapter',
    servers: servers.map((s) => ({ name: s.name, pid: s.pid })),
    targets: seeded.users.map((_, i) => ({ target: { system: 'peer', port: servers[i % nodes]!.port, user: i }, node: i % nodes })),
    groups: publisherGroups(seeded),
    check: () => servers.forEach((s) => s.check()),
    stop,
  };
}

/**
 * Centrifugo v6 on the Redis engine (bench/src/centrifugo/), same nodes, users and groups: user i
 * gets a connection token whose `channels` claim holds its group's room, so it is subscribed on
 * connect, as our gateway subscribes a user to their conversations.
 */
export async function startCentrifugo(
  seeded: Pick<Seeded, 'users' | 'groups'>,
  nodes: number,
  groupSize: number,
  redisUrl: string,
  gomaxprocs: number | null,
): Promise<SystemUnderTest> {
  const secrets = { tokenKey: randomBytes(32).toString('hex'), apiKey: randomBytes(16).toString('hex') };
  const binary = await centrifugoBinary();
  const servers: ServerProcess[] = [];
  const stop = async () => void (await Promise.all(servers.map((s) => s.stop())));
  try {
    for (let i = 0; i < nodes; i++) servers.push(await startCentrifugoNode(`centrifugo-${i}`, { binary, redisUrl, secrets, gomaxprocs }));
  } catch (error) {
    await stop();
    throw error;
  }
  const key = new TextEncoder().encode(secrets.tokenKey);
  const tokens = await Promise.all(
    seeded.users.map((u, i) =>
      new SignJWT({ channels: [`g${Math.floor(i / groupSize)}`] }).setProtectedHeader({ alg: 'HS256' }).setSubject(u.id).setExpirationTime('4h').sign(key),
    ),
  );
  return {
    id: 'centrifugo',
    label: gomaxprocs === null ? 'Centrifugo (Redis engine)' : `Centrifugo (Redis engine, GOMAXPROCS=${gomaxprocs})`,
    servers: servers.map((s) => ({ name: s.name, pid: s.pid })),
    targets: seeded.users.map((_, i) => ({ target: { system: 'centrifugo', port: servers[i % nodes]!.port, token: tokens[i]! }, node: i % nodes })),
    groups: publisherGroups(seeded),
    api: { urls: servers.map((s) => `http://127.0.0.1:${s.port}`), key: secrets.apiKey },
    check: () => servers.forEach((s) => s.check()),
    stop,
  };
}
