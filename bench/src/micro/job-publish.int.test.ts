import { afterAll, describe, expect, it } from 'vitest';
import { requireServiceUrl } from '../../../test/harness-env.js';
import { benchQueue, measurePublish } from './job-publish.js';

describe('job publish micro bench', () => {
  const amqpUrl = requireServiceUrl('AMQP_URL');
  const bench = benchQueue(amqpUrl);
  afterAll(() => bench.destroy());

  it('per-worker: five jobs per message, a broker message for each in the five queues', async () => {
    const cost = await measurePublish(bench.queue, amqpUrl, { layout: 'per-worker', messages: 30, perCall: 1, inFlight: 4 });
    expect(cost).toMatchObject({ layout: 'per-worker', messages: 30, jobsPerMessage: 5, queueMessagesPerMessage: 5, mode: 'send (4 in flight)' });
    expect(cost.wallUsPerMessage).toBeGreaterThan(0);
    expect(cost.brokerCpuUsPerMessage).toBeUndefined();
  });

  it('fan-out: one event per message; alone each is copied to the five queues, concurrent ones share batches', async () => {
    const alone = await measurePublish(bench.queue, amqpUrl, { layout: 'fan-out', messages: 30, perCall: 1, inFlight: 1 });
    expect(alone).toMatchObject({ layout: 'fan-out', jobsPerMessage: 1, queueMessagesPerMessage: 5 });
    const together = await measurePublish(bench.queue, amqpUrl, { layout: 'fan-out', messages: 30, perCall: 1, inFlight: 8 });
    expect(together.queueMessagesPerMessage).toBeLessThan(5);
    expect(together.queueMessagesPerMessage).toBeGreaterThan(0);
  });
});
