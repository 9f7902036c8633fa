import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../test/harness-env.js';
import type { RawWebSocket } from '../lib/raw-ws.js';
import type { ServerProcess } from '../lib/server-process.js';
import { connectCentrifugo } from './client.js';
import { centrifugoPublisher } from './publisher.js';
import { centrifugoBinary, startCentrifugoNode } from './server.js';
import { until } from '../lib/until.js';

// The bench's raw Centrifugo client and API publisher against two real Centrifugo nodes on Redis.
// The binary comes from scripts/centrifugo/build.sh (built by .ci/run, cached after).
describe('centrifugo: two nodes on the Redis engine, the raw client and the batch publisher', () => {
  const secrets = { tokenKey: randomBytes(32).toString('hex'), apiKey: randomBytes(16).toString('hex') };
  let servers: ServerProcess[];
  const sockets: RawWebSocket[] = [];

  beforeAll(async () => {
    const binary = await centrifugoBinary();
    const redisUrl = requireServiceUrl('REDIS_URL');
    servers = await Promise.all([0, 1].map((i) => startCentrifugoNode(`centrifugo-test-${i}`, { binary, redisUrl, secrets, gomaxprocs: 1 })));
  }, 600_000);
  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await Promise.all((servers ?? []).map((s) => s.stop()));
  });

  it('subscribes by the token, receives one room only from either node, and refuses a forged token', async () => {
    const key = new TextEncoder().encode(secrets.tokenKey);
    const token = (user: number, room: string) => new SignJWT({ channels: [room] }).setProtectedHeader({ alg: 'HS256' }).setSubject(`u${user}`).sign(key);
    const got: string[][] = [[], [], []];
    const closed: number[] = [];
    for (const [user, room] of [
      [0, 'g0'],
      [1, 'g0'],
      [2, 'g1'],
    ] as const) {
      const onFrame = (buffer: Buffer, start: number, end: number) => got[user]!.push(buffer.toString('utf8', start, end));
      sockets.push(await connectCentrifugo(servers[user % 2]!.port, await token(user, room), { onFrame, onClose: (code) => closed.push(code) }));
    }
    const errors: unknown[] = [];
    const publisher = centrifugoPublisher(
      { urls: servers.map((s) => `http://127.0.0.1:${s.port}`), key: secrets.apiKey },
      { sent: () => undefined, done: () => undefined, failed: (e) => errors.push(e) },
    );
    const message = { id: 'm1', text: 'bench 1 123.000 xxx' };
    publisher.publish('g0', { type: 'message.new', message });
    publisher.publish('g0', { type: 'message.new', message: { ...message, id: 'm2' } });
    await until(() => got[0]!.length === 2 && got[1]!.length === 2);
    expect(errors).toEqual([]);
    for (const user of [0, 1]) {
      const pushes = got[user]!.map((line) => JSON.parse(line) as { push: { channel: string; pub: { data: unknown } } });
      expect(pushes.map((p) => [p.push.channel, p.push.pub.data])).toEqual([
        ['g0', { type: 'message.new', message }],
        ['g0', { type: 'message.new', message: { ...message, id: 'm2' } }],
      ]);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(got[2]).toEqual([]);
    expect(closed).toEqual([]);

    const forged = await new SignJWT({ channels: ['g0'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode('wrong'));
    await expect(connectCentrifugo(servers[0]!.port, forged, { onFrame: () => undefined, onClose: () => undefined }, 5_000)).rejects.toThrow();
  });
});
