import { expect, it } from 'vitest';
import { describeRealtimeBusContract } from '../../ports/realtime-bus.contract.js';
import { MemoryRealtimeHub } from './realtime-bus.js';

const hub = new MemoryRealtimeHub();
describeRealtimeBusContract('memory', async () => hub.bus());

it('delivers on a later turn, never inside publish', async () => {
  const local = new MemoryRealtimeHub();
  const bus = local.bus();
  const got: string[] = [];
  await bus.subscribe('c', (e) => got.push(e.type));
  await bus.publish('c', { type: 'typing', conversationId: 'x', userId: 'u', state: 'start' });
  expect(got).toEqual([]);
  await new Promise((r) => setImmediate(r));
  expect(got).toEqual(['typing']);
  expect(local.subscriberCount('c')).toBe(1);
  await bus.close();
  expect(local.subscriberCount('c')).toBe(0);
});

it('keeps delivering to other channels when a handler throws', async () => {
  const errors: unknown[] = [];
  const local = new MemoryRealtimeHub((e) => errors.push(e));
  const bus = local.bus();
  const got: string[] = [];
  await bus.subscribe('bad', () => {
    throw new Error('boom');
  });
  await bus.subscribe('good', (e) => got.push(e.type));
  await bus.publish('bad', { type: 'typing', conversationId: 'x', userId: 'u', state: 'start' });
  await bus.publish('good', { type: 'typing', conversationId: 'x', userId: 'u', state: 'stop' });
  await new Promise((r) => setImmediate(r));
  expect(got).toEqual(['typing']);
  expect(errors).toHaveLength(1);
  await bus.close();
});
