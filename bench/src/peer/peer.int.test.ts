import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { createRedisClient, type RedisClient } from '@chat/core/adapters/redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../test/harness-env.js';
import type { RawWebSocket } from '../lib/raw-ws.js';
import { startServerProcess, type ServerProcess } from '../lib/server-process.js';
import { connectPeer } from './client.js';
import { until } from '../lib/until.js';
import { shardedBroadcast, shardedRoomChannel } from './sharded-broadcast.js';

// The bench's raw Engine.IO/Socket.IO client against the real peer server and Redis adapter: the
// classic adapter on one Redis (published through the emitter), the sharded one on the harness's
// Redis Cluster (published as the bench's publisher does there).
describe.each([
  { redis: 'one Redis', url: () => requireServiceUrl('REDIS_URL') },
  { redis: 'a Redis Cluster', url: () => requireServiceUrl('REDIS_CLUSTER_URL') },
])('peer: Socket.IO + redis-adapter server and the raw client, on $redis', ({ url }) => {
  let servers: ServerProcess[];
  let redis: RedisClient;
  const sockets: RawWebSocket[] = [];
  const emit = (room: string, data: unknown) =>
    redis instanceof Redis
      ? new Emitter(redis).to(room).emit('message.new', data)
      : void redis.spublish(shardedRoomChannel(room), shardedBroadcast(room, 'message.new', data));

  beforeAll(async () => {
    const env = { REDIS_URL: url(), PEER_GROUP_SIZE: '2', PEER_PING_INTERVAL_MS: '300', PEER_PING_TIMEOUT_MS: '200' };
    servers = await Promise.all([0, 1].map((i) => startServerProcess(`peer-test-${i}`, 'bench/src/peer/server.ts', env)));
    redis = createRedisClient(url());
  });
  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await Promise.all(servers.map((s) => s.stop()));
    redis.disconnect();
  });

  it('connects, answers pings, and receives events for its room only, from either node', async () => {
    const got: unknown[][] = [[], [], []];
    const closed: number[] = [];
    // Users 0 and 1 form room g0 (one on each node); user 2 is in g1.
    for (const user of [0, 1, 2]) {
      const port = servers[user % 2]!.port;
      const onFrame = (buffer: Buffer, start: number, end: number) => got[user]!.push(JSON.parse(buffer.toString('utf8', start + 2, end)) as unknown[]);
      sockets.push(await connectPeer(port, user, { onFrame, onClose: (code) => closed.push(code) }));
    }
    // Three ping intervals: a client that did not answer would have been closed after 500 ms.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(closed).toEqual([]);

    const message = { id: 'm1', text: 'bench 1 123.000 xxx' };
    emit('g0', { message });
    await until(() => got[0]!.length === 1 && got[1]!.length === 1);
    expect(got[0]).toEqual([['message.new', { message }]]);
    expect(got[1]).toEqual([['message.new', { message }]]);
    await new Promise((r) => setTimeout(r, 200));
    expect(got[2]).toEqual([]);
  });
});
