import { afterAll, describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../test/harness-env.js';
import { benchQueue, measurePublish } from './job-publish.js';

describe('job publish micro bench', () => {
  const amqpUrl = requireServiceUrl('AMQP_URL');
  const bench = benchQueue(amqpUrl);
  afterAll(() => bench.destroy());

  it.each([
    ['per-worker', 5],
    ['fan-out', 1],
  ] as const)('%s: counts its publishes, and the five worker queues hold five copies per message', async (layout, publishes) => {
    const cost = await measurePublish(bench.queue, amqpUrl, { layout, messages: 30, perCall: 1, inFlight: 4 });
    expect(cost).toMatchObject({ layout, messages: 30, publishesPerMessage: publishes, copiesPerMessage: 5, mode: 'send (4 in flight)' });
    expect(cost.wallUsPerMessage).toBeGreaterThan(0);
    expect(cost.brokerCpuUsPerMessage).toBeUndefined();
  });
});
