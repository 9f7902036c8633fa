import { createServer } from 'node:http';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { createRedisClient } from '@chat/core/adapters/redis/client';
import { isRedisClusterUrl } from '@chat/core/config/redis-url';
import { Server } from 'socket.io';

/**
 * The peer a Node.js team would pick instead of our gateway: a minimal Socket.IO 4 node with
 * `@socket.io/redis-adapter`, doing the least it can for the same workload so the comparison
 * favours it, not us. No authentication (ours verifies a JWT, checks Redis and reads the
 * memberships from PostgreSQL at connect; that cost shows in connect time, not in fan-out).
 *
 * Settings, each chosen to match our gateway:
 * - WebSocket transport only, no HTTP long-polling upgrade dance; permessage-deflate off.
 * - The adapter's default (classic, non-sharded) Redis pub/sub: every node PSUBSCRIBEs to every
 *   room's channel and filters locally. That is the configuration most deployments run; the
 *   sharded variant needs Redis 7 and `createShardedAdapter`, and is noted in docs/performance.md.
 *   On a Redis Cluster (REDIS_URL=redis+cluster://…, `npm run bench -- --redis-cluster`) classic
 *   pub/sub would copy every message to every shard, so there it runs `createShardedAdapter` in its
 *   default `dynamic` mode (one shard channel per room, SSUBSCRIBE'd by the nodes holding the room)
 *   on ioredis `Cluster` clients, the sub one with `shardedSubscribers`.
 * - A connection with `auth.user = i` joins room `g<floor(i / k)>`, the same groups (k =
 *   PEER_GROUP_SIZE) as the seeded conversations of our run.
 *
 * Env: PORT, HOST, REDIS_URL, PEER_GROUP_SIZE; PEER_PING_INTERVAL_MS / PEER_PING_TIMEOUT_MS (Socket.IO's
 * defaults, 25 s / 20 s; the test shortens them). GET /healthz answers 200. SIGTERM closes and exits.
 */
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
const groupSize = Number(process.env.PEER_GROUP_SIZE ?? 20);
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('REDIS_URL is required');

const http = createServer((req, res) => {
  // Socket.IO handles its own path (/socket.io/) before this listener runs.
  res.writeHead(req.url === '/healthz' ? 200 : 404).end();
});
const cluster = isRedisClusterUrl(redisUrl);
const pub = cluster ? createRedisClient(redisUrl, { connectionName: 'peer-pub' }) : new Redis(redisUrl, { connectionName: 'peer-pub' });
const sub = cluster
  ? createRedisClient(redisUrl, { connectionName: 'peer-sub', cluster: { shardedSubscribers: true } })
  : (pub as Redis).duplicate({ connectionName: 'peer-sub' });
const io = new Server(http, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
  pingInterval: Number(process.env.PEER_PING_INTERVAL_MS ?? 25_000),
  pingTimeout: Number(process.env.PEER_PING_TIMEOUT_MS ?? 20_000),
  adapter: cluster ? createShardedAdapter(pub, sub) : createAdapter(pub, sub),
});

io.on('connection', (socket) => {
  const user = Number((socket.handshake.auth as { user?: unknown }).user);
  if (!Number.isInteger(user) || user < 0) {
    socket.disconnect(true);
    return;
  }
  void socket.join(`g${Math.floor(user / groupSize)}`);
});

http.listen(port, host);

process.on('SIGTERM', () => {
  // io.close() closes every client socket and the HTTP server; then the Redis clients.
  void io.close(() => {
    void Promise.allSettled([pub.quit(), sub.quit()]).then(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5_000).unref();
});
