import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { requireServiceUrl } from '../../../../../test/harness-env.js';
import type { RealtimeEvent } from '../../domain/chat/events.js';
import { describeRealtimeBusContract } from '../../ports/realtime-bus.contract.js';
import { RedisRealtimeBus } from './realtime-bus.js';

describeRealtimeBusContract('Redis', async () => RedisRealtimeBus.connect(requireServiceUrl('REDIS_URL')));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

it('subscribes again after the subscriber connection is dropped, and says so', async () => {
  const url = requireServiceUrl('REDIS_URL');
  const name = `bus-test-${randomUUID().slice(0, 8)}`;
  const bus = RedisRealtimeBus.connect(url, { name });
  const publisher = RedisRealtimeBus.connect(url);
  const admin = new Redis(url);
  const channel = `contract:${randomUUID()}:reconnect`;
  const got: RealtimeEvent[] = [];
  let resubscribed = 0;
  bus.onResubscribed(() => resubscribed++);
  await bus.subscribe(channel, (e) => got.push(e));

  const clients = (await admin.client('LIST')) as string;
  const id = clients
    .split('\n')
    .find((line) => line.includes(`name=${name}-sub`))
    ?.match(/id=(\d+)/)?.[1];
  expect(id).toBeDefined();
  await admin.client('KILL', 'ID', id!);

  await until(() => resubscribed === 1);
  await publisher.publish(channel, { type: 'typing', conversationId: 'c', userId: 'u', state: 'start' });
  await until(() => got.length === 1);
  expect(got[0]).toMatchObject({ type: 'typing', state: 'start' });

  await Promise.all([bus.close(), publisher.close(), admin.quit()]);
});
